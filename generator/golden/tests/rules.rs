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
    round_trip(&Shipping { speed: Some(ShippingSpeed::Express) }, r#"{"speed":"express"}"#);
    round_trip(&ShippingSpeed::Standard, r#""standard""#);
}

#[test]
fn discriminator_without_mapping_takes_the_single_enum_value_else_the_schema_name() {
    use discriminator_without_mapping::*;
    round_trip(&Factor::TwoStep(TwoStepFactor::new("123".into())), r#"{"kind":"2FA","code":"123"}"#);
    assert_eq!(TwoStepFactorKind::TwoFa.as_str(), "2FA");
    let email = Factor::Email(EmailFactor { kind: "EmailFactor".into(), address: Some("a@b.c".into()) });
    round_trip(&email, r#"{"kind":"EmailFactor","address":"a@b.c"}"#);
    assert_eq!(
        decode_err::<Factor>(r#"{"kind":"sms"}"#),
        r#"unknown `kind` "sms"; expected one of "2FA", "EmailFactor""#
    );
}

#[test]
fn inferred_tag_with_a_fallback_branch() {
    use inferred_tag::*;
    round_trip(&Shape::Circle(CircleShape::new(2.5)), r#"{"kind":"circle","radius":2.5}"#);
    let polygon = Shape::Polygon(PolygonShape { kind: Some(PolygonShapeKind::Square), sides: 4 });
    round_trip(&polygon, r#"{"kind":"square","sides":4}"#);
    round_trip(&Shape::Polygon(PolygonShape { kind: None, sides: 3 }), r#"{"sides":3}"#);
    let e = decode_err::<Shape>(r#"{"kind":"circle"}"#);
    assert_eq!(e, "as Circle (CircleShape) (chosen by `kind`): missing field `radius`");
}

#[test]
fn inferred_tag_on_inline_branches_and_min_items() {
    use inferred_tag::*;
    round_trip(&Mode::All(ModeAll::default()), r#"{"mode":"all"}"#);
    let some = Mode::Some(ModeSome::new(vec!["a".into()]));
    round_trip(&some, r#"{"mode":"some","names":["a"]}"#);
    some.validate().unwrap();
    let empty = Mode::Some(ModeSome::new(vec![]));
    assert_eq!(empty.validate(), Err(ValidationError::new("names", "must list at least 1 item")));
}

#[test]
fn single_element_all_of_is_its_element() {
    use single_allof::*;
    let order = Order {
        item: Some(Item { sku: Some("3c90c3cc-0d44-4b50-8888-8dd25736052a".parse().unwrap()) }),
        note: Some(OrderNote { text: Some("gift".into()) }),
    };
    round_trip(&order, r#"{"item":{"sku":"3c90c3cc-0d44-4b50-8888-8dd25736052a"},"note":{"text":"gift"}}"#);
}

#[test]
fn inline_names_never_take_a_component_name_or_a_title() {
    use inline_name_clash::*;
    let car = Car { color: Some(CarColor2::Red) };
    round_trip(&car, r#"{"color":"red"}"#);
    let alias: CarColor = String::from("component alias stays a string");
    let paint = Paint { gloss: Some(true) };
    assert!(!alias.is_empty() && paint.gloss == Some(true));
}

#[test]
fn correlated_enum_lists_are_checked_against_the_selector() {
    use correlated_enums::*;
    let ok = Delivery { carrier: Some(DeliveryCarrier::Sea), port: Some(AirPort::Lhr.into()) };
    ok.validate().unwrap();
    round_trip(&ok, r#"{"carrier":"sea","port":"lhr"}"#);
    let bad = Delivery { carrier: Some(DeliveryCarrier::Air), port: Some(SeaPort::Rotterdam.into()) };
    assert_eq!(
        bad.validate().unwrap_err().to_string(),
        "`port`: \"rotterdam\" is not offered when `carrier` is \"air\"; choose a value from that list or another `carrier`"
    );
    // No selector: any listed value passes.
    Delivery { carrier: None, port: Some(SeaPort::Rotterdam.into()) }.validate().unwrap();
    // Equal by wire value, whichever list spelled it.
    assert_eq!(Port::from(AirPort::Lhr), Port::from(SeaPort::Lhr));
}

#[test]
fn secrets_are_redacted_and_constructors_take_required_fields() {
    use secrets_and_errors::*;
    let login = Login::new("ada".into(), "correct-horse".into());
    let text = format!("{login:?}");
    assert!(!text.contains("correct-horse") && text.contains("<redacted>") && text.contains("ada"), "{text}");
    round_trip(&login, r#"{"user":"ada","password":"correct-horse"}"#);
    let short = Login { tags: Some(vec!["one".into()]), ..login };
    assert_eq!(short.validate(), Err(ValidationError::new("tags", "must list at least 2 items")));
}

#[test]
fn error_enums_are_chosen_by_status() {
    use secrets_and_errors::*;
    // Two statuses with one body schema are still two variants.
    let a = LogInError::BadRequest(Problem { message: None });
    let b = LogInError::PaymentRequired(Problem { message: None });
    assert_ne!(a, b);
}

#[test]
fn enums_in_responses_keep_unknown_values() {
    use response_enum::*;
    let job: Job = serde_json::from_str(r#"{"state":"paused","priority":"high","extra":1}"#).unwrap();
    assert_eq!(job.state, Some(JobState::Unknown("paused".into())));
    assert_eq!(job.priority, Some(JobPriority::High));
    assert_eq!(job.state.as_ref().map(JobState::as_str), Some("paused"));
    round_trip(&Job { state: Some(JobState::Unknown("paused".into())), priority: None }, r#"{"state":"paused"}"#);
    round_trip(&JobState::Done, r#""done""#);
    // Request-only enums stay closed: a typo is an error, not a value.
    assert!(decode_err::<RequestSize>(r#""huge""#).contains("unknown variant `huge`"));
}

#[test]
fn recursive_schemas_are_boxed_and_round_trip() {
    use recursion_and_aliases::*;
    let node = Node {
        label: Some("a".into()),
        next: Some(Box::new(Node { label: Some("b".into()), next: None, children: None })),
        children: Some(vec![Node { label: Some("c".into()), next: None, children: None }]),
    };
    round_trip(&node, r#"{"label":"a","next":{"label":"b"},"children":[{"label":"c"}]}"#);
    let expr: Expr = serde_json::from_str(r#"{"left":{"left":3}}"#).unwrap();
    let Expr::Sum(outer) = &expr else { panic!("{expr:?}") };
    let Expr::Sum(inner) = &*outer.left else { panic!("{expr:?}") };
    assert!(matches!(*inner.left, Expr::Variant2(3)), "{expr:?}");
    assert_eq!(serde_json::to_string(&expr).unwrap(), r#"{"left":{"left":3}}"#);
}

#[test]
fn union_variants_of_one_rust_type_decode_as_the_first() {
    use recursion_and_aliases::*;
    let a: Address = serde_json::from_str(r#""10.0.0.1""#).unwrap();
    assert!(matches!(&a, Address::V4(s) if s == "10.0.0.1"), "{a:?}");
}
