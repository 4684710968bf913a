"""Writes one TAXII 1.0 message per type, built and encoded by libtaxii's messages_10.

Usage: python libtaxii10_encode.py OUT_DIR
"""
import datetime
import os
import sys

import libtaxii.messages_10 as tm10
from libtaxii.constants import (
    ACT_SUBSCRIBE, ACT_UNSUBSCRIBE, ACT_STATUS, SVC_INBOX, SVC_POLL, SVC_DISCOVERY,
    SVC_FEED_MANAGEMENT, ST_SUCCESS, ST_NOT_FOUND, ST_UNSUPPORTED_PROTOCOL, ST_RETRY,
    VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10, VID_TAXII_XML_10, CB_STIX_XML_111,
)

UTC = datetime.timezone.utc
T1 = datetime.datetime(2014, 1, 1, 0, 0, 0, tzinfo=UTC)
T2 = datetime.datetime(2014, 2, 1, 12, 30, 15, 123456, tzinfo=UTC)
STIX = ('<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" '
        'id="example:Package-2" version="1.1.1"><stix:STIX_Header>'
        '<stix:Title>libtaxii &amp; us</stix:Title></stix:STIX_Header></stix:STIX_Package>')
HDR = {'urn:example.com:header:source': 'libtaxii'}


def delivery():
    return tm10.DeliveryParameters(VID_TAXII_HTTP_10, 'http://example.com/inbox',
                                   VID_TAXII_XML_10, [CB_STIX_XML_111])


def block(label=None):
    return tm10.ContentBlock(CB_STIX_XML_111, STIX, timestamp_label=label, padding='pad')


def messages():
    yield 'status_success', tm10.StatusMessage('10', '9', status_type=ST_SUCCESS)
    yield 'status_not_found', tm10.StatusMessage(
        '11', '0', extended_headers=HDR, status_type=ST_NOT_FOUND,
        status_detail='feed-x', message='no such feed')
    yield 'status_retry', tm10.StatusMessage(
        '12', '1', status_type=ST_RETRY, status_detail='2014-12-19T00:00:00Z')
    yield 'status_unsupported_protocol', tm10.StatusMessage(
        '13', '1', status_type=ST_UNSUPPORTED_PROTOCOL, status_detail=VID_TAXII_HTTP_10)
    yield 'discovery_request', tm10.DiscoveryRequest('20', extended_headers=HDR)
    yield 'discovery_response', tm10.DiscoveryResponse('21', '20', service_instances=[
        tm10.ServiceInstance(SVC_DISCOVERY, VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10,
                             'http://example.com/discovery', [VID_TAXII_XML_10], available=True),
        tm10.ServiceInstance(SVC_INBOX, VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10,
                             'http://example.com/inbox', [VID_TAXII_XML_10],
                             inbox_service_accepted_content=[CB_STIX_XML_111],
                             available=False, message='inbox'),
        tm10.ServiceInstance(SVC_FEED_MANAGEMENT, VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10,
                             'http://example.com/fm', [VID_TAXII_XML_10]),
        tm10.ServiceInstance(SVC_POLL, VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10,
                             'http://example.com/poll', [VID_TAXII_XML_10]),
    ])
    yield 'feed_information_request', tm10.FeedInformationRequest('30')
    yield 'feed_information_response', tm10.FeedInformationResponse('31', '30', feed_informations=[
        tm10.FeedInformation(
            'feed-a', 'All indicators', [CB_STIX_XML_111], available=True,
            push_methods=[tm10.PushMethod(VID_TAXII_HTTP_10, [VID_TAXII_XML_10])],
            polling_service_instances=[tm10.PollingServiceInstance(
                VID_TAXII_HTTP_10, 'http://example.com/poll', [VID_TAXII_XML_10])],
            subscription_methods=[tm10.SubscriptionMethod(
                VID_TAXII_HTTP_10, 'http://example.com/fm', [VID_TAXII_XML_10])]),
    ])
    yield 'subscription_request_subscribe', tm10.ManageFeedSubscriptionRequest(
        '40', feed_name='feed-a', action=ACT_SUBSCRIBE, delivery_parameters=delivery())
    yield 'subscription_request_unsubscribe', tm10.ManageFeedSubscriptionRequest(
        '41', feed_name='feed-a', action=ACT_UNSUBSCRIBE, subscription_id='sub-1')
    yield 'subscription_request_status', tm10.ManageFeedSubscriptionRequest(
        '42', feed_name='feed-a', action=ACT_STATUS)
    yield 'subscription_response', tm10.ManageFeedSubscriptionResponse(
        '43', '42', feed_name='feed-a', message='status', subscription_instances=[
            tm10.SubscriptionInstance('sub-1', delivery_parameters=delivery()),
            tm10.SubscriptionInstance('sub-2', poll_instances=[tm10.PollInstance(
                VID_TAXII_HTTP_10, 'http://example.com/poll', [VID_TAXII_XML_10])]),
        ])
    yield 'poll_request', tm10.PollRequest(
        '50', feed_name='feed-a', exclusive_begin_timestamp_label=T1,
        inclusive_end_timestamp_label=T2, subscription_id='sub-2',
        content_bindings=[CB_STIX_XML_111])
    yield 'poll_response', tm10.PollResponse(
        '51', '50', feed_name='feed-a', inclusive_begin_timestamp_label=T1,
        inclusive_end_timestamp_label=T2, subscription_id='sub-2', message='two',
        content_blocks=[block(T1), block()])
    yield 'inbox_message', tm10.InboxMessage(
        '60', message='push', extended_headers=HDR,
        subscription_information=tm10.SubscriptionInformation('feed-a', 'sub-1', T1, T2),
        content_blocks=[block(T2)])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    types = set()
    for name, msg in messages():
        types.add(msg.message_type)
        with open(os.path.join(out, name + '.xml'), 'wb') as f:
            xml = msg.to_xml()
            f.write(xml if isinstance(xml, bytes) else xml.encode('utf-8'))
    assert len(types) == 10, sorted(types)
    print('libtaxii wrote %d messages of %d types' % (len(list(messages())), len(types)))


if __name__ == '__main__':
    main()
