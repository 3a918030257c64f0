//! Each generator rule, shown on its own fixture spec (`generator/tests/fixtures`) through the
//! wire behaviour of the compiled output.

use golden::runtime::{Validate, ValidationError};
use golden::*;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T, json: &str) {
    assert_eq!(serde_json::to_string(value).unwrap(), json);
    assert_eq!(&serde_json::from_str::<T>(json).unwrap(), value);
}

fn decode_err<T: DeserializeOwned + Debug>(json: &str) -> String {
    serde_json::from_str::<T>(json).unwrap_err().to_string()
}

#[test]
fn identical_enum_branches_collapse_into_one_enum() {
    use identical_enum_oneof::*;
    round_trip(&Shipping::default().with_speed(ShippingSpeed::Express), r#"{"speed":"express"}"#);
    round_trip(&ShippingSpeed::Standard, r#""standard""#);
}

#[test]
fn branches_of_one_constant_each_are_an_enumeration() {
    use documented_constants::*;
    // String constants: one enum, open where the server sends it, its values as listed.
    let event: Event = serde_json::from_str(r#"{"name":"TYPING_START","action":2}"#).unwrap();
    assert_eq!((event.name, event.action), (EventName::TypingStart, Some(ActionType::Spectate)));
    let later: Event = serde_json::from_str(r#"{"name":"GUILD_CREATE"}"#).unwrap();
    assert_eq!(later.name, EventName::Unknown("GUILD_CREATE".into()));
    assert_eq!(EventName::VALUES, ["TYPING_START", "INVITE_CREATE"]);
    // Closed where only sent: a value the branches do not list is refused.
    round_trip(&Report::default().with_provider(ReportProvider::Oidc), r#"{"provider":"oidc"}"#);
    assert_eq!(
        decode_err::<ReportProvider>(r#""ldap""#),
        r#"unknown variant `ldap`, expected `saml` or `oidc` at line 1 column 6"#
    );
    // Integer constants are an integer enum, named by their titles; boolean ones a `bool`.
    assert_eq!(ActionType::VALUES, [1, 2, 5]);
    assert_eq!(serde_json::to_string(&ActionType::Value5).unwrap(), "5");
    assert_eq!(ActionType::from(9), ActionType::Unknown(9));
    round_trip(&Report::default().with_flag(false), r#"{"flag":false}"#);
}

#[test]
fn any_string_beside_a_string_enum_is_that_enum_open() {
    use listed_or_any_string::*;
    // Sent only, yet open: the document allows any string, so any string goes out as given.
    round_trip(&ImageRequest::default().with_model(ImageRequestModel::DallE3), r#"{"model":"dall-e-3"}"#);
    let other: ImageRequestModel = "my-tuned-model".parse().unwrap();
    assert_eq!(other, ImageRequestModel::Unknown("my-tuned-model".into()));
    round_trip(&ImageRequest::default().with_model(other), r#"{"model":"my-tuned-model"}"#);
    assert_eq!(ImageRequestModel::default(), ImageRequestModel::DallE2);
    round_trip(&ImageRequestConversation::None, r#""none""#);
}

#[test]
fn identical_inline_enums_and_objects_share_one_definition_under_every_name() {
    use shared_types::*;
    // `ToyListObject` names `PetListObject`'s type: a value of one is a value of the other,
    // and each is still open to values this version does not know.
    let object: PetListObject = ToyListObject::List;
    let toys: ToyList = serde_json::from_str(r#"{"object":"list","size":"small"}"#).unwrap();
    assert_eq!(toys.object, object);
    assert_eq!(toys.size, Some(ToyListSize::Small));
    let later: ToyList = serde_json::from_str(r#"{"object":"page"}"#).unwrap();
    assert_eq!(later.object, PetListObject::Unknown("page".into()));
    // Folded objects decode, encode and validate as before, under either name, with the
    // path of the value being checked.
    let toys: ToyList = serde_json::from_str(r#"{"object":"list","meta":{"page":{"next":"b"},"total":-1}}"#).unwrap();
    let meta: &PetListMeta = toys.meta.as_ref().unwrap();
    assert_eq!(meta.page, Some(ToyListMetaPage::default().with_next("b")));
    assert_eq!(toys.validate().unwrap_err().to_string(), "`meta.total`: must be at least 0");
    round_trip(&ToyListMeta::default().with_total(3), r#"{"total":3}"#);
    // Defaults stay each field's own: ToyList's size defaults to large, PetList's to small.
    assert_eq!(ToyListSize::default(), ToyListSize::Large);
    assert_eq!(PetListSize::default(), PetListSize::Small);
    // Closed where only sent: a request field folded into a components enum refuses others.
    round_trip(&NewToy::default().with_sort(NewToySort::Desc), r#"{"sort":"desc"}"#);
    assert_eq!(
        decode_err::<NewToySort>(r#""up""#),
        r#"unknown variant `up`, expected `asc` or `desc` at line 1 column 4"#
    );
}

#[test]
fn discriminator_without_mapping_takes_the_single_enum_value_else_the_schema_name() {
    use discriminator_without_mapping::*;
    round_trip(&Factor::TwoStep(TwoStepFactor::new("123")), r#"{"kind":"2FA","code":"123"}"#);
    assert_eq!(TwoStepFactorKind::TwoFa.as_str(), "2FA");
    let email = Factor::Email(EmailFactor::new("EmailFactor").with_address("a@b.c"));
    round_trip(&email, r#"{"kind":"EmailFactor","address":"a@b.c"}"#);
    assert_eq!(
        decode_err::<Factor>(r#"{"kind":"sms"}"#),
        r#"unknown `kind` "sms"; expected one of "2FA", "EmailFactor""#
    );
}

#[test]
fn a_tag_value_two_branches_share_is_tried_on_each_in_order() {
    use discriminator_without_mapping::*;
    round_trip(&Change::Renamed(Renamed::new("a")), r#"{"kind":"change","name":"a"}"#);
    round_trip(&Change::Moved(Moved::new("b")), r#"{"kind":"change","to":"b"}"#);
    // Neither accepts it: the last one tried explains why.
    assert_eq!(decode_err::<Change>(r#"{"kind":"change"}"#), "as Moved (Moved) (chosen by `kind`): missing field `to`");
    assert_eq!(decode_err::<Change>(r#"{"kind":"other"}"#), r#"unknown `kind` "other"; expected one of "change""#);
}

#[test]
fn inferred_tag_with_a_fallback_branch() {
    use inferred_tag::*;
    round_trip(&Shape::Circle(CircleShape::new(2.5)), r#"{"kind":"circle","radius":2.5}"#);
    let polygon = Shape::Polygon(PolygonShape::new(4).with_kind(PolygonShapeKind::Square));
    round_trip(&polygon, r#"{"kind":"square","sides":4}"#);
    round_trip(&Shape::Polygon(PolygonShape::new(3)), r#"{"sides":3}"#);
    let e = decode_err::<Shape>(r#"{"kind":"circle"}"#);
    assert_eq!(e, "as Circle (CircleShape) (chosen by `kind`): missing field `radius`");
}

#[test]
fn inferred_tag_on_inline_branches_and_min_items() {
    use inferred_tag::*;
    round_trip(&Mode::All(ModeAll::default()), r#"{"mode":"all"}"#);
    let some = Mode::Some(ModeSome::new(["a".to_owned()]));
    round_trip(&some, r#"{"mode":"some","names":["a"]}"#);
    some.validate().unwrap();
    let empty = Mode::Some(ModeSome::new(Vec::new()));
    assert_eq!(empty.validate(), Err(ValidationError::new("names", "must list at least 1 item")));
}

#[test]
fn inferred_tag_on_branches_merged_by_all_of() {
    use inferred_tag::*;
    // The two branches take the same fields; `role`, from a part of each, picks one.
    let said: Message = serde_json::from_str(r#"{"text":"hi","role":"assistant"}"#).unwrap();
    assert!(matches!(&said, Message::Assistant(m) if m.text.as_deref() == Some("hi")), "{said:?}");
    round_trip(&Message::User(MessageUser::default().with_text("yo")), r#"{"text":"yo","role":"user"}"#);
    assert_eq!(
        decode_err::<Message>(r#"{"role":"tool"}"#),
        r#"unknown `role` "tool"; expected one of "user", "assistant""#
    );
}

#[test]
fn single_element_all_of_is_its_element() {
    use single_allof::*;
    let sku: uuid::Uuid = "3c90c3cc-0d44-4b50-8888-8dd25736052a".parse().unwrap();
    let order =
        Order::default().with_item(Item::default().with_sku(sku)).with_note(OrderNote::default().with_text("gift"));
    round_trip(&order, r#"{"item":{"sku":"3c90c3cc-0d44-4b50-8888-8dd25736052a"},"note":{"text":"gift"}}"#);
}

#[test]
fn inline_names_never_take_a_component_name_or_a_title() {
    use inline_name_clash::*;
    let car = Car::default().with_color(CarColor2::Red);
    round_trip(&car, r#"{"color":"red"}"#);
    // The component `CarColor` keeps its name (an alias of `String`); `Paint` is the title's type.
    let alias: CarColor = String::from("teal");
    round_trip(&alias, r#""teal""#);
    round_trip(&Paint::default().with_gloss(true), r#"{"gloss":true}"#);
}

#[test]
fn correlated_enum_lists_are_checked_against_the_selector() {
    use correlated_enums::*;
    let ok = Delivery::default().with_carrier(DeliveryCarrier::Sea).with_port(AirPort::Lhr);
    ok.validate().unwrap();
    round_trip(&ok, r#"{"carrier":"sea","port":"lhr"}"#);
    let bad = Delivery::default().with_carrier(DeliveryCarrier::Air).with_port(SeaPort::Rotterdam);
    assert_eq!(
        bad.validate().unwrap_err().to_string(),
        "`port`: \"rotterdam\" is not offered when `carrier` is \"air\"; choose a value from that list or another `carrier`"
    );
    // No selector: any listed value passes.
    Delivery::default().with_port(SeaPort::Rotterdam).validate().unwrap();
    // Equal by wire value, whichever list spelled it.
    assert_eq!(Port::from(AirPort::Lhr), Port::from(SeaPort::Lhr));
    // The check is typed by the selector: a `DeliveryCarrier`, not a string.
    assert!(Port::from(SeaPort::Rotterdam).is_listed_for(&DeliveryCarrier::Sea));
    assert!(!Port::from(SeaPort::Rotterdam).is_listed_for(&DeliveryCarrier::Air));
}

#[test]
fn enums_parse_from_their_wire_text() {
    use response_enum::*;
    assert_eq!("big".parse::<RequestSize>(), Ok(RequestSize::Big));
    let err = "Big".parse::<RequestSize>().unwrap_err();
    assert_eq!(err.to_string(), r#""Big" is not one of the listed values ("small", "big")"#);
    // An enum the server sends keeps a value it does not list, as decoding does.
    assert_eq!("paused".parse::<JobState>(), Ok(JobState::Unknown("paused".into())));
    assert_eq!("done".parse::<JobState>(), Ok(JobState::Done));
}

#[test]
fn secrets_are_redacted_and_constructors_take_required_fields() {
    use secrets_and_errors::*;
    let login = Login::new("ada", "correct-horse");
    let text = format!("{login:?}");
    assert!(!text.contains("correct-horse") && text.contains("<redacted>") && text.contains("ada"), "{text}");
    round_trip(&login, r#"{"user":"ada","password":"correct-horse"}"#);
    let short = login.with_tags(["one".to_owned()]);
    assert_eq!(short.validate(), Err(ValidationError::new("tags", "must list at least 2 items")));
}

#[tokio::test]
async fn error_enums_are_chosen_by_status() {
    use golden::runtime::Error;
    use secrets_and_errors::*;
    use wiremock::{matchers::any, Mock, MockServer, ResponseTemplate};
    // Two statuses with one body schema are two variants, told apart by the status alone.
    let body = r#"{"message":"no"}"#;
    for (status, expected) in [
        (400, LogInError::BadRequest(Problem::default().with_message("no"))),
        (402, LogInError::PaymentRequired(Problem::default().with_message("no"))),
    ] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let client = Client::builder("k").base_url(server.uri()).allow_http(true).build().unwrap();
        let err = client.log_in().await.unwrap_err();
        let Error::Api(e) = &err else { panic!("{err:?}") };
        assert_eq!((e.status, e.body.as_ref()), (status, Some(&expected)));
        assert_eq!(&e.raw[..], body.as_bytes());
    }
}

#[test]
fn enums_in_responses_keep_unknown_values() {
    use response_enum::*;
    let job: Job = serde_json::from_str(r#"{"state":"paused","priority":"high","extra":1}"#).unwrap();
    assert_eq!(job.state, Some(JobState::Unknown("paused".into())));
    assert_eq!(job.priority, Some(JobPriority::High));
    assert_eq!(job.state.as_ref().map(JobState::as_str), Some("paused"));
    round_trip(&Job::default().with_state(JobState::Unknown("paused".into())), r#"{"state":"paused"}"#);
    round_trip(&JobState::Done, r#""done""#);
    // Request-only enums stay closed: a typo is an error, not a value.
    assert!(decode_err::<RequestSize>(r#""huge""#).contains("unknown variant `huge`"));
}

#[test]
fn recursive_schemas_are_boxed_and_round_trip() {
    use recursion_and_aliases::*;
    let node = Node::default()
        .with_label("a")
        .with_next(Node::default().with_label("b"))
        .with_children([Node::default().with_label("c")]);
    round_trip(&node, r#"{"label":"a","next":{"label":"b"},"children":[{"label":"c"}]}"#);
    let expr: Expr = serde_json::from_str(r#"{"left":{"left":3}}"#).unwrap();
    let Expr::Sum(outer) = &expr else { panic!("{expr:?}") };
    let Expr::Sum(inner) = &*outer.left else { panic!("{expr:?}") };
    assert!(matches!(*inner.left, Expr::Integer(3)), "{expr:?}");
    assert_eq!(serde_json::to_string(&expr).unwrap(), r#"{"left":{"left":3}}"#);
    // Only the edge that closes the cycle is boxed: `Expr::Sum` holds its `Sum` by value,
    // `Sum::left` holds the `Box`, and conversions take plain values.
    let built = Expr::from(Sum::new(Expr::Integer(3)));
    let Expr::Sum(Sum { left, .. }) = &built else { panic!("{built:?}") };
    let _: Box<Expr> = left.clone();
    round_trip(&built, r#"{"left":3}"#);
}

#[test]
fn union_variants_of_one_rust_type_decode_as_the_first() {
    use recursion_and_aliases::*;
    let a: Address = serde_json::from_str(r#""10.0.0.1""#).unwrap();
    assert!(matches!(&a, Address::V4(s) if s == "10.0.0.1"), "{a:?}");
}

#[test]
fn all_of_merges_the_properties_and_required_lists_of_every_part() {
    use all_of_merge::*;
    let created = "2026-01-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let pet = Pet::new("p1", created, "Tom").with_kind(PetKind::Cat);
    round_trip(&pet, r#"{"id":"p1","created":"2026-01-01T00:00:00Z","name":"Tom","kind":"cat"}"#);
    // `created` is optional in `Base` but required by the third part.
    assert!(decode_err::<Pet>(r#"{"id":"p1","name":"Tom"}"#).starts_with("missing field `created`"));
    // A part that is not an object leaves a JSON value: anything round-trips.
    for wire in [r#""anything""#, r#"{"a":[1,2]}"#, "3.5"] {
        let mixed: Mixed = serde_json::from_str(wire).unwrap();
        assert_eq!(serde_json::to_string(&mixed).unwrap(), wire);
    }
}

#[test]
fn required_nullable_fields_are_sent_as_null_and_undeclared_properties_are_kept() {
    use nullable_and_maps::*;
    round_trip(&Record::new("r"), r#"{"id":"r","note":null}"#);
    // Decoding is lenient: a missing nullable field reads as `None`.
    assert_eq!(serde_json::from_str::<Record>(r#"{"id":"r"}"#).unwrap(), Record::new("r"));
    let mut counts = std::collections::BTreeMap::new();
    counts.insert("a".to_string(), 2);
    let record = Record::new("r").with_note("n").with_counts(counts);
    round_trip(&record, r#"{"id":"r","note":"n","counts":{"a":2}}"#);
    // An optional nullable field has three states: left out, `null` (clears it), a value.
    let label = |json: &str| serde_json::from_str::<Record>(json).unwrap().label;
    assert_eq!(label(r#"{"id":"r","note":null}"#), None);
    assert_eq!(label(r#"{"id":"r","note":null,"label":null}"#), Some(None));
    assert_eq!(label(r#"{"id":"r","note":null,"label":"l"}"#), Some(Some("l".to_string())));
    round_trip(&Record::new("r").with_label_null(), r#"{"id":"r","note":null,"label":null}"#);
    round_trip(&Record::new("r").with_label("l"), r#"{"id":"r","note":null,"label":"l"}"#);
    let open: Open = serde_json::from_str(r#"{"name":"x","extra":{"deep":[1]},"n":2}"#).unwrap();
    assert_eq!(open.name.as_deref(), Some("x"));
    assert_eq!(open.additional_properties.len(), 2);
    assert_eq!(serde_json::to_string(&open).unwrap(), r#"{"name":"x","extra":{"deep":[1]},"n":2}"#);
}

#[test]
fn awkward_enum_values_get_distinct_names_and_keep_their_wire_form() {
    use enum_values::*;
    for (value, wire) in [
        (Awkward::Value, r#""""#),
        (Awkward::OneSt, r#""1st""#),
        (Awkward::TwoNdPlace, r#""2nd-place""#),
        (Awkward::RedPanda, r#""red-panda""#),
        (Awkward::RedPanda2, r#""RED_PANDA""#),
        (Awkward::RedPanda3, r#""redPanda""#),
        (Awkward::Self_, r#""Self""#),
        (Awkward::Self2, r#""self""#),
        (Awkward::Value2, r#""*""#),
        (Awkward::Value3, r#""é""#),
    ] {
        round_trip(&value, wire);
    }
    // Integer enums are enums sent as numbers; an enum mixing strings and numbers is a JSON value.
    assert_eq!(serde_json::to_string(&Priority::Value2).unwrap(), "2");
    assert_eq!(Priority::try_from(4).unwrap_err().to_string(), "4 is not one of the listed values (1, 2, 3)");
    let holder = Holder::default().with_level(HolderLevel::Value20).with_mixed(serde_json::json!(1.5));
    round_trip(&holder, r#"{"level":20,"mixed":1.5}"#);
    round_trip(&Holder::default().with_mixed(serde_json::json!("auto")), r#"{"mixed":"auto"}"#);
}

#[test]
fn property_names_that_are_not_identifiers_keep_their_wire_names() {
    use property_names::*;
    let names = Names::default()
        .with_type("t")
        .with_self_("s")
        .with_id("@")
        .with_n123abc("d")
        .with_foo_bar("kebab")
        .with_foo_bar_2("snake")
        .with_foo_bar_3("camel")
        .with_value("empty")
        .with_value_2("dollar")
        .with_crate_(1)
        .with_async(true);
    round_trip(
        &names,
        r#"{"type":"t","self":"s","@id":"@","123abc":"d","foo-bar":"kebab","foo_bar":"snake","FooBar":"camel","":"empty","$":"dollar","crate":1,"async":true}"#,
    );
}

#[tokio::test]
async fn schemas_named_like_std_or_runtime_types_keep_their_names_and_still_work() {
    use schema_names::types;
    use schema_names::{Client, FooBar, FooBar2, FooBar3, OneThing};
    use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let body = r#"{"ok":{"a":"x"},"errors":[{"message":"m"}]}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let result: types::Result = client.get_result().await.unwrap();
    assert_eq!(result.ok, Some(types::Option::default().with_a("x")));
    assert_eq!(result.errors, Some(vec![types::Error::default().with_message("m")]));
    // `foo_bar`, `FooBar` and `foo-bar` are three schemas (the document's own clash is numbered);
    // `1Thing` starts with a letter. Beside the client, the client's `Client` wins.
    let _: (FooBar, FooBar2, FooBar3, OneThing, types::Client, types::String, types::RetryPolicy) = Default::default();
    round_trip(&types::Vec::A, r#""a""#);
}

#[test]
#[allow(deprecated)]
fn read_only_fields_are_optional_deprecated_ones_usable_and_integer_formats_sized() {
    use annotations_and_formats::*;
    // `id` is required in the document but read-only: a request leaves it out.
    round_trip(&Item::new("n"), r#"{"name":"n"}"#);
    let item: Item = serde_json::from_str(
        r#"{"id":"6a2f41a3-c54c-fce8-32d2-0324e1c32e22","name":"n","legacy_code":"L","small":1,"ratio":0.5}"#,
    )
    .unwrap();
    assert_eq!(item.id.map(|u| u.to_string()).as_deref(), Some("6a2f41a3-c54c-fce8-32d2-0324e1c32e22"));
    assert_eq!(item.legacy_code.as_deref(), Some("L"));
    // Sized and unsigned formats are the matching Rust integers: all of `uint64` fits, and a
    // value outside the type is a decoding error naming the field.
    let item: Item = serde_json::from_str(r#"{"name":"n","count":18446744073709551615,"port":443,"tiny":-8}"#).unwrap();
    let (count, port, tiny): (Option<u64>, Option<u16>, Option<i8>) = (item.count, item.port, item.tiny);
    assert_eq!((count, port, tiny), (Some(u64::MAX), Some(443), Some(-8)));
    let err = serde_json::from_str::<Item>(r#"{"name":"n","port":70000}"#).unwrap_err();
    assert!(err.to_string().starts_with("invalid value: integer `70000`, expected u16"), "{err}");
    let _old = Old::default();
}

#[test]
fn any_of_decodes_as_the_first_branch_that_accepts_the_value() {
    use any_of::*;
    round_trip(&Pet::Cat(Cat::new(true)), r#"{"meow":true}"#);
    round_trip(&Pet::Dog(Dog::new(false)), r#"{"bark":false}"#);
    // Both accept a value with both properties: the first listed wins.
    assert_eq!(serde_json::from_str::<Pet>(r#"{"meow":true,"bark":true}"#).unwrap(), Pet::Cat(Cat::new(true)));
    round_trip(&IdOrName::Integer(5), "5");
    round_trip(&IdOrName::String("five".into()), r#""five""#);
    assert!(serde_json::from_str::<Pet>(r#"{"moo":true}"#).is_err());
}

#[test]
fn any_of_branches_of_one_rust_type_get_distinct_names() {
    use any_of::*;
    // Both branches are strings: the first always wins, and the names still differ.
    assert_eq!(serde_json::from_str::<Label>(r#""abc""#).unwrap(), Label::String("abc".into()));
    assert_eq!(serde_json::to_string(&Label::String2("x".into())).unwrap(), r#""x""#);
}

#[test]
fn value_rules_are_checked_before_sending_with_the_field_named() {
    use value_rules::*;
    let ok = Booking::new("AB", 2).with_discount(0.5);
    ok.validate().unwrap();
    round_trip(&ok, r#"{"code":"AB","seats":2,"discount":0.5}"#);
    let refused = |b: Booking| b.validate().unwrap_err().to_string();
    assert_eq!(refused(ok.clone().with_code("A")), "`code`: must be at least 2 characters long");
    assert_eq!(refused(ok.clone().with_code("ABCDE")), "`code`: must be at most 4 characters long");
    // Lengths count characters, not bytes.
    assert_eq!(refused(ok.clone().with_code("ÄÖ")), "`code`: must match the pattern `^[A-Z]+$`");
    assert_eq!(refused(ok.clone().with_seats(0)), "`seats`: must be at least 1");
    assert_eq!(refused(ok.clone().with_seats(10)), "`seats`: must be at most 9");
    ok.clone().with_seats(9).validate().unwrap();
    assert_eq!(refused(ok.clone().with_discount(0.0)), "`discount`: must be greater than 0");
    assert_eq!(refused(ok.clone().with_discount(1.0)), "`discount`: must be less than 1");
    let three = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
    assert_eq!(refused(ok.clone().with_guests(three)), "`guests`: must list at most 2 items");
    let twice = ["a".to_owned(), "a".to_owned()];
    assert_eq!(refused(ok.clone().with_guests(twice)), "`guests`: must not list the same item twice");
    // A pattern the checker cannot compile (look-behind) is not checked, and the generator says so.
    ok.clone().with_note("anything").validate().unwrap();
    // Nested lists and maps name every index and key on the way.
    let layout = vec![vec![Seat::new(1)], vec![Seat::new(2), Seat::new(0)]];
    assert_eq!(refused(ok.clone().with_layout(layout)), "`layout[1][1].number`: must be at least 1");
    let inner = std::collections::BTreeMap::from([("b".to_owned(), Seat::new(0))]);
    let sections = std::collections::BTreeMap::from([("a".to_owned(), inner)]);
    assert_eq!(refused(ok.with_sections(sections)), "`sections.a.b.number`: must be at least 1");
}

#[test]
fn a_union_with_a_null_branch_is_an_option_of_the_other_branches() {
    use null_unions::*;
    // Required and nullable: always sent, as `null` when `None`; optional: left out when `None`.
    let empty = Reading::default();
    round_trip(&empty, r#"{"sensor":null}"#);
    let full = Reading::default()
        .with_sensor(Sensor::default().with_id("s1"))
        .with_note("warm")
        .with_value(ReadingValue::Integer(21));
    round_trip(&full, r#"{"sensor":{"id":"s1"},"note":"warm","value":21}"#);
    let text: Reading = serde_json::from_str(r#"{"sensor":null,"value":"high"}"#).unwrap();
    assert_eq!(text.value, Some(Some(ReadingValue::String("high".into()))));
    // Optional and nullable: `null` is a state of its own.
    let cleared: Reading = serde_json::from_str(r#"{"sensor":null,"value":null}"#).unwrap();
    assert_eq!(cleared.value, Some(None));
    round_trip(&Reading::default().with_value_null(), r#"{"sensor":null,"value":null}"#);
}

#[test]
fn a_type_list_is_a_union_whose_branches_keep_the_keywords_of_their_type() {
    use type_lists::*;
    round_trip(&Cell::new(CellValue::Integer(7)), r#"{"value":7}"#);
    round_trip(&Cell::new(CellValue::String("seven".into())), r#"{"value":"seven"}"#);
    // `items` went to the array branch: a list of strings, not of JSON values.
    let tags = Cell::new(1).with_tags(CellTags::List(vec!["a".into(), "b".into()]));
    round_trip(&tags, r#"{"value":1,"tags":["a","b"]}"#);
    round_trip(&Cell::new(1).with_tags(CellTags::String("a".into())), r#"{"value":1,"tags":"a"}"#);
    round_trip(&Cell::new(1).with_tags_null(), r#"{"value":1,"tags":null}"#);
    // The `enum` split by type: the strings one enum, the integers an integer enum.
    round_trip(&Cell::new(1).with_level(CellLevel::Variant1(CellLevelVariant1::High)), r#"{"value":1,"level":"high"}"#);
    round_trip(&Cell::new(1).with_level(CellLevel::Variant2(CellLevelVariant2::Value2)), r#"{"value":1,"level":2}"#);
    assert!(serde_json::from_str::<Cell>(r#"{"value":1,"level":"medium"}"#).is_err());
    // `format` went to the string branch: a date-time there, a plain number beside it.
    let when: Cell = serde_json::from_str(r#"{"value":1,"when":"2025-11-16T12:00:00Z"}"#).unwrap();
    assert!(matches!(when.when, Some(CellWhen::DateTime(_))));
    round_trip(&Cell::new(1).with_when(CellWhen::Number(1.5)), r#"{"value":1,"when":1.5}"#);
}

#[test]
fn branches_of_different_kinds_decode_by_the_value_kind() {
    use kinds_apart::*;
    let decode = |json: &str| serde_json::from_str::<Completion>(json).unwrap();
    // Each kind of value finds its one branch, lists by the kind of their items.
    assert_eq!(decode(r#"{"prompt":"hi"}"#).prompt, Some(CompletionPrompt::String("hi".into())));
    assert_eq!(decode(r#"{"prompt":["a","b"]}"#).prompt, Some(CompletionPrompt::List(vec!["a".into(), "b".into()])));
    assert_eq!(decode(r#"{"prompt":[1,2]}"#).prompt, Some(CompletionPrompt::List2(vec![1, 2])));
    assert_eq!(decode(r#"{"prompt":[[1],[]]}"#).prompt, Some(CompletionPrompt::List3(vec![vec![1], vec![]])));
    // The empty list is every list branch's value: it decodes as the first.
    assert_eq!(decode(r#"{"prompt":[]}"#).prompt, Some(CompletionPrompt::List(vec![])));
    assert_eq!(
        decode(r#"{"limit":"inf"}"#).limit,
        Some(CompletionLimit::CompletionLimitVariant2(CompletionLimitVariant2::Inf))
    );
    assert_eq!(decode(r#"{"limit":7}"#).limit, Some(CompletionLimit::Integer(7)));
    assert_eq!(decode(r#"{"stop":{"word":"end"}}"#).stop, Some(CompletionStop::Stop(Stop::default().with_word("end"))));
    assert_eq!(decode(r#"{"stop":false}"#).stop, Some(CompletionStop::Boolean(false)));
    // A value of a kind no branch takes is refused, not decoded as something else.
    assert_eq!(decode_err::<CompletionLimit>("2.5"), "data did not match any variant of untagged enum CompletionLimit");
    round_trip(&Completion::default().with_prompt(vec![vec![3_i64]]), r#"{"prompt":[[3]]}"#);
}

#[test]
fn object_branches_told_apart_by_an_integer_take_the_branch_the_number_names() {
    use integer_tags::*;
    // RoleMenu and UserMenu accept the same fields: only `kind` says which one a value is.
    let user: Widget = serde_json::from_str(r#"{"kind":3,"id":"u1"}"#).unwrap();
    assert_eq!(user, Widget::UserMenu(UserMenu::new(3, "u1")));
    let role: Widget = serde_json::from_str(r#"{"id":"r1","kind":2}"#).unwrap();
    assert_eq!(role, Widget::RoleMenu(RoleMenu::new(2, "r1")));
    // A branch's single tag value is a constant: never asked for, always sent.
    round_trip(&Widget::Button(Button::new("Go")), r#"{"kind":1,"label":"Go"}"#);
    // A number no branch has, no number, and a chosen branch's own failure each say so.
    assert_eq!(decode_err::<Widget>(r#"{"kind":9,"id":"x"}"#), "unknown `kind` 9; expected one of 1, 2, 3");
    assert_eq!(
        decode_err::<Widget>(r#"{"kind":"2","id":"x"}"#),
        "missing integer field `kind`; expected one of 1, 2, 3"
    );
    assert_eq!(decode_err::<Widget>(r#"{"kind":1}"#), "as Button (Button) (chosen by `kind`): missing field `label`");
    // A branch may own several numbers; one no branch lists is refused, not taken by the first.
    let guild: Channel = serde_json::from_str(r#"{"kind":4,"id":"g"}"#).unwrap();
    assert!(matches!(guild, Channel::Guild(_)), "{guild:?}");
    let direct: Channel = serde_json::from_str(r#"{"kind":1,"id":"d"}"#).unwrap();
    assert!(matches!(direct, Channel::Direct(_)), "{direct:?}");
    assert_eq!(decode_err::<Channel>(r#"{"kind":3,"id":"x"}"#), "unknown `kind` 3; expected one of 0, 2, 4, 1");
    // A string tag written beside an `allOf` of the whole list is read the same way.
    let user: Picked = serde_json::from_str(r#"{"id":"u","type":"user"}"#).unwrap();
    assert!(matches!(user, Picked::User(_)), "{user:?}");
}

#[tokio::test]
async fn branches_that_only_require_properties_check_which_are_present() {
    use golden::runtime::Error;
    use presence_sets::*;
    use wiremock::{matchers::body_string, Mock, MockServer, ResponseTemplate};
    // The object keeps its properties; the `oneOf` of `required` lists is a check, not a union.
    let ids = SearchScope::default().with_ids(["a".to_owned()]).with_label("mine");
    assert_eq!(ids.validate(), Ok(()));
    round_trip(&ids, r#"{"ids":["a"],"label":"mine"}"#);
    let none = Search::default().with_scope(SearchScope::default().with_label("mine"));
    assert_eq!(
        none.validate(),
        Err(ValidationError::new("scope", "set exactly one of `ids` or `stores`; none is set"))
    );
    let both = Search::default().with_scope(ids.clone().with_stores(["s".to_owned()]));
    assert_eq!(both.validate(), Err(ValidationError::new("scope", "set exactly one of `ids` or `stores`; 2 are set")));
    // `anyOf`: at least one set complete, a set of two needing both.
    let half = Contact::default().with_phone("555");
    assert_eq!(
        half.validate(),
        Err(ValidationError::new("", "set at least one of `email` or `phone` with `extension`; none is set"))
    );
    assert_eq!(half.clone().with_extension("12").validate(), Ok(()));
    assert_eq!(half.with_extension("12").with_email("a@example.test").validate(), Ok(()));

    // The client refuses before sending, and sends a valid body as built.
    let server = MockServer::start().await;
    Mock::given(body_string(r#"{"scope":{"ids":["a"],"label":"mine"}}"#))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let err = client.search(&both).await.unwrap_err();
    let Error::Validation(v) = &err else { panic!("{err:?}") };
    assert_eq!(v.to_string(), "`scope`: set exactly one of `ids` or `stores`; 2 are set");
    client.search(&Search::default().with_scope(ids)).await.unwrap();
}

#[test]
fn objects_told_apart_by_a_tag_beside_values_told_apart_by_kind() {
    use kind_then_tag::*;
    // A string is the mode; an object goes by its `type`.
    round_trip(&ToolChoice::Mode(Mode::Auto), r#""auto""#);
    round_trip(&ToolChoice::HostedTool(HostedTool::new(HostedToolType::WebSearch)), r#"{"type":"web_search"}"#);
    let function: ToolChoice = serde_json::from_str(r#"{"name":"lookup","type":"function"}"#).unwrap();
    let ToolChoice::FunctionTool(f) = &function else { panic!("{function:?}") };
    assert_eq!(f.name, "lookup");
    assert_eq!(
        decode_err::<ToolChoice>(r#"{"type":"browser"}"#),
        r#"unknown `type` "browser"; expected one of "file_search", "web_search", "function""#
    );
    // The mode is open (the server sends it): any string is a mode; a number is nothing here.
    round_trip(&ToolChoice::Mode(Mode::Unknown("sometimes".into())), r#""sometimes""#);
    assert_eq!(
        decode_err::<ToolChoice>("5"),
        "as Mode (Mode) (chosen by the value's kind): invalid type: integer `5`, expected a string"
    );
    // Several kinds beside the objects: each value goes to the one of its kind.
    let stops: Vec<ChatStop> =
        serde_json::from_str(r#"["end", ["a", "b"], {"kind":"length","tokens":5}, {"kind":"pattern","regex":"x+"}]"#)
            .unwrap();
    assert!(matches!(&stops[0], ChatStop::String(s) if s == "end"), "{stops:?}");
    assert!(matches!(&stops[1], ChatStop::List(l) if l.len() == 2), "{stops:?}");
    assert!(matches!(&stops[2], ChatStop::ChatStopLength(l) if l.tokens == Some(5)), "{stops:?}");
    assert!(matches!(&stops[3], ChatStop::ChatStopPattern(p) if p.regex.as_deref() == Some("x+")), "{stops:?}");
    round_trip(&Chat::default().with_stop(ChatStop::List(vec!["a".into()])), r#"{"stop":["a"]}"#);
}
