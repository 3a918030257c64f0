//! Integer enumerations on the wire: sent as numbers, read back as variants, unknown numbers
//! kept where the server sends them and refused where only users build values.

use golden::integer_enums::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn integer_enums_are_sent_as_numbers_and_unknown_numbers_are_kept_in_responses() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"type":99,"flag":64}"#, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).allow_http(true).build().unwrap();
    let body = NewChannel::new(ChannelType::GroupDm).with_level(Level::ValueMinus1).with_flag(MessageFlag::Value128);
    let channel = client.create_channel(&body).level(Level::Value10).await.unwrap();
    assert_eq!(channel.r#type, ChannelType::Unknown(99));
    assert_eq!(channel.flag, Some(MessageFlag::Ephemeral));

    let received = server.received_requests().await.unwrap();
    assert_eq!(received[0].url.query(), Some("level=10"));
    assert_eq!(String::from_utf8_lossy(&received[0].body), r#"{"type":4,"level":-1,"flag":128}"#);
}

#[test]
fn an_integer_enum_lists_its_values_and_converts_from_and_to_numbers() {
    assert_eq!(ChannelType::VALUES, &[0, 1, 2, 4]);
    assert_eq!(ChannelType::GuildVoice.as_i64(), 2);
    assert_eq!(i64::from(ChannelType::Dm), 1);
    assert_eq!(ChannelType::from(4), ChannelType::GroupDm);
    assert_eq!(ChannelType::from(-3), ChannelType::Unknown(-3));
    assert_eq!(Level::default(), Level::Value0);
    assert_eq!(Level::try_from(10), Ok(Level::Value10));
    let err = Level::try_from(5).unwrap_err();
    assert_eq!(err.to_string(), "5 is not one of the listed values (-1, 0, 10)");
    assert_eq!(Level::ValueMinus1.to_string(), "-1");
    assert_eq!(MessageFlag::ALL, &[MessageFlag::Crossposted, MessageFlag::Ephemeral, MessageFlag::Value128]);
}

#[test]
fn a_number_an_enum_only_users_build_does_not_list_is_refused_when_decoded() {
    let err = serde_json::from_str::<Level>("3").unwrap_err();
    assert_eq!(err.to_string(), "invalid value: integer `3`, expected one of -1, 0, 10 at line 1 column 1");
    assert_eq!(serde_json::from_str::<Level>("-1").unwrap(), Level::ValueMinus1);
}

#[test]
fn a_single_value_is_a_constant_and_names_stand_beside_their_values() {
    // `default: 2` names no value: the one value is the default still, so the field is a constant.
    assert_eq!(serde_json::to_string(&Ping::default()).unwrap(), r#"{"version":1}"#);
    // `x-enum-varnames` pairs with `enum` as written, its `null` included.
    assert_eq!((Named::One.as_i64(), Named::Two.as_i64()), (1, 2));
}
