//! EX-7 through `taxii serve`: what arrived while a push subscription was paused reaches
//! the subscriber after RESUME, queued one page of records per delivery.

use taxii::client::{Auth, Client};
use taxii_messages::v11::{
    self, ManageCollectionSubscriptionRequest, PushParameters, QueryParameters, SubscriptionAction,
};
use taxii_messages::Uri;
use taxii_services::config::{MESSAGE_BINDING_11, PROTOCOL_HTTP};

use crate::push_fairness::{blocks_at, blocks_once_there, push_blocks};
use crate::serve_support::{client, config, id, start};

fn default() -> Uri {
    Uri::new("default").unwrap()
}

/// Sends `action` for `subscription` (none to SUBSCRIBE with a push to `push_to`); the
/// subscription id answered.
async fn manage(
    c: &Client,
    url: &str,
    action: SubscriptionAction,
    subscription: Option<&Uri>,
    push_to: &str,
) -> Uri {
    let mut req = ManageCollectionSubscriptionRequest::new(id(), action, default());
    req.subscription_id = subscription.cloned();
    if action == SubscriptionAction::Subscribe {
        req.subscription_parameters = Some(QueryParameters::default());
        req.push_parameters = Some(PushParameters::new(
            Uri::new(PROTOCOL_HTTP).unwrap(),
            push_to,
            Uri::new(MESSAGE_BINDING_11).unwrap(),
        ));
    }
    let answer = c.exchange11(url, req.into()).await.unwrap();
    let v11::Message::ManageCollectionSubscriptionResponse(r) = answer else {
        panic!("{answer:?}")
    };
    r.subscriptions[0].subscription_id.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ex7_content_held_during_a_pause_is_pushed_after_resume_a_page_at_a_time() {
    let (mut subscriber_config, subscriber_dir) = config();
    subscriber_config.limits.poll_page_size = 1000;
    let subscriber = start(subscriber_config, Some(subscriber_dir)).await;
    let (mut c, dir) = config(); // pages of two records
    c.push.enabled = true;
    c.push.allow_private_destinations = true;
    c.push.per_destination = 1; // one at a time: the blocks arrive in order
    let publisher = start(c, Some(dir)).await;
    let cl = client(Auth::None);
    let manage_url = publisher.url("/services/collection-management");
    let push_to = subscriber.url("/services/inbox");
    let sub = manage(
        &cl,
        &manage_url,
        SubscriptionAction::Subscribe,
        None,
        &push_to,
    )
    .await;
    manage(&cl, &manage_url, SubscriptionAction::Pause, Some(&sub), "").await;
    push_blocks(&cl, &publisher.url("/services/inbox"), 5).await;
    let poll_url = subscriber.url("/services/poll");
    assert!(
        blocks_at(&cl, &poll_url).await.is_empty(),
        "nothing while paused"
    );

    manage(&cl, &manage_url, SubscriptionAction::Resume, Some(&sub), "").await;
    let expected: Vec<String> = (0..5).map(|n| format!("<b n=\"{n}\"/>")).collect();
    let got = blocks_once_there(&cl, &poll_url, expected.len()).await;
    assert_eq!(got, expected, "every held block, in order");
    let metrics = publisher.state.metrics.render();
    assert!(
        metrics.contains("taxii_push_deliveries_sent_total 3"),
        "five blocks in pages of two: {metrics}"
    );
    publisher.stop().await;
    subscriber.stop().await;
}
