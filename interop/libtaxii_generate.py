"""Writes one XML file per TAXII 1.1 message built with libtaxii, covering every message
type and the optional fields libtaxii can express, for `interop/run.sh`.

Usage: python libtaxii_generate.py OUT_DIR
"""
import datetime
import os
import sys

import libtaxii.messages_11 as tm11
import libtaxii.taxii_default_query as tdq
from libtaxii.constants import (
    ACT_PAUSE, ACT_RESUME, ACT_STATUS, ACT_SUBSCRIBE, ACT_UNSUBSCRIBE, CB_STIX_XML_111,
    CT_DATA_FEED, CT_DATA_SET, RT_COUNT_ONLY, RT_FULL, SS_ACTIVE, SS_PAUSED, SVC_COLLECTION_MANAGEMENT,
    SVC_DISCOVERY, SVC_INBOX, SVC_POLL, VID_TAXII_HTTP_10, VID_TAXII_HTTPS_10, VID_TAXII_SERVICES_11,
    VID_TAXII_XML_11, ST_SUCCESS, ST_PENDING, ST_NOT_FOUND, ST_UNSUPPORTED_CONTENT_BINDING,
    ST_INVALID_RESPONSE_PART, ST_RETRY, ST_FAILURE, ST_DESTINATION_COLLECTION_ERROR,
    SD_ESTIMATED_WAIT, SD_RESULT_ID, SD_WILL_PUSH, SD_ITEM, SD_MAX_PART_NUMBER,
    SD_ACCEPTABLE_DESTINATION, FID_TAXII_DEFAULT_QUERY_10, CM_CORE, CM_REGEX, CM_TIMESTAMP,
    OP_AND, OP_OR,
)

UTC = datetime.timezone.utc
T1 = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
T2 = datetime.datetime(2024, 2, 1, 12, 30, 15, 250000, tzinfo=UTC)
STIX = ('<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="example:Package-1" '
        'version="1.1.1"><stix:STIX_Header><stix:Title>From libtaxii &amp; co</stix:Title>'
        '</stix:STIX_Header></stix:STIX_Package>')
TARGET_VOCAB = CB_STIX_XML_111
HEADERS = {"urn:example.com:header:priority": "high"}


def binding(subtypes=None):
    return tm11.ContentBinding(CB_STIX_XML_111, subtype_ids=subtypes)


def query():
    def test(cap, rel, params):
        return tdq.Test(capability_id=cap, relationship=rel, parameters=params)
    inner = tdq.Criteria(OP_OR, criterion=[
        tdq.Criterion("**/@id", test(CM_REGEX, "matches", {"value": "^example:.*$", "case_sensitive": False})),
        tdq.Criterion("STIX_Package/@timestamp", test(CM_TIMESTAMP, "greater_than", {"value": T1})),
        tdq.Criterion("STIX_Package/@timestamp", test(CM_TIMESTAMP, "less_than_or_equal", {"value": T2})),
    ])
    top = tdq.Criteria(OP_AND, criteria=[inner], criterion=[
        tdq.Criterion("**/Title", test(CM_CORE, "contains", {"value": "evil", "case_sensitive": True}), negate=True),
        tdq.Criterion("**/@version", test(CM_CORE, "equals", {"value": "1.1.1", "match_type": "case_sensitive_string"})),
        tdq.Criterion("**/Count", test(CM_CORE, "greater_than_or_equal", {"value": 5.5})),
        tdq.Criterion("**/Kill_Chain", test(CM_CORE, "exists", None)),
    ])
    return tdq.DefaultQuery(TARGET_VOCAB, top)


def query_info():
    tei = tdq.DefaultQueryInfo.TargetingExpressionInfo(
        TARGET_VOCAB, preferred_scope=["**/@id"], allowed_scope=["**"])
    return tdq.DefaultQueryInfo([tei], [CM_CORE, CM_REGEX, CM_TIMESTAMP])


def push(kind=tm11.PushParameters):
    return kind(VID_TAXII_HTTP_10, "http://127.0.0.1:9000/services/inbox", VID_TAXII_XML_11)


def block(i):
    return tm11.ContentBlock(binding(["urn:example.com:subtype:indicators"]), STIX,
                             timestamp_label=T2, padding="xxxx", message="block %d" % i)


def messages():
    out = {}
    out["discovery_request"] = tm11.DiscoveryRequest("101", extended_headers=HEADERS)
    out["discovery_response"] = tm11.DiscoveryResponse("102", "101", service_instances=[
        tm11.ServiceInstance(SVC_POLL, VID_TAXII_SERVICES_11, VID_TAXII_HTTP_10,
                             "http://127.0.0.1:9000/services/poll", [VID_TAXII_XML_11],
                             available=True, message="poll here", supported_query=[query_info()]),
        tm11.ServiceInstance(SVC_INBOX, VID_TAXII_SERVICES_11, VID_TAXII_HTTPS_10,
                             "https://127.0.0.1:9000/services/inbox", [VID_TAXII_XML_11],
                             inbox_service_accepted_content=[binding(["urn:example.com:subtype:a"])],
                             available=False),
        tm11.ServiceInstance(SVC_DISCOVERY, VID_TAXII_SERVICES_11, VID_TAXII_HTTP_10,
                             "/services/discovery", [VID_TAXII_XML_11]),
        tm11.ServiceInstance(SVC_COLLECTION_MANAGEMENT, VID_TAXII_SERVICES_11, VID_TAXII_HTTP_10,
                             "/services/collection-management", [VID_TAXII_XML_11]),
    ])
    out["collection_information_request"] = tm11.CollectionInformationRequest("103")
    feed = tm11.CollectionInformation(
        "default", "The default collection", supported_contents=[binding(["urn:example.com:subtype:a"])],
        available=True,
        push_methods=[tm11.PushMethod(VID_TAXII_HTTP_10, [VID_TAXII_XML_11])],
        polling_service_instances=[tm11.PollingServiceInstance(VID_TAXII_HTTP_10, "/services/poll", [VID_TAXII_XML_11])],
        subscription_methods=[tm11.SubscriptionMethod(VID_TAXII_HTTP_10, "/services/collection-management", [VID_TAXII_XML_11])],
        collection_volume=42, collection_type=CT_DATA_FEED,
        receiving_inbox_services=[tm11.ReceivingInboxService(VID_TAXII_HTTP_10, "/services/inbox", [VID_TAXII_XML_11], [binding()])])
    dataset = tm11.CollectionInformation("a-set", "A data set", collection_type=CT_DATA_SET, available=False)
    out["collection_information_response"] = tm11.CollectionInformationResponse("104", "103", collection_informations=[feed, dataset])
    out["subscription_request_subscribe"] = tm11.ManageCollectionSubscriptionRequest(
        "105", collection_name="default", action=ACT_SUBSCRIBE,
        subscription_parameters=tm11.SubscriptionParameters(RT_FULL, [binding()], query()),
        push_parameters=push())
    for i, act in enumerate([ACT_UNSUBSCRIBE, ACT_PAUSE, ACT_RESUME, ACT_STATUS]):
        out["subscription_request_%s" % act.lower()] = tm11.ManageCollectionSubscriptionRequest(
            "10%d" % (6 + i), collection_name="default", action=act, subscription_id="sub-1")
    out["subscription_response"] = tm11.ManageCollectionSubscriptionResponse(
        "111", "105", collection_name="default", message="subscribed", subscription_instances=[
            tm11.SubscriptionInstance("sub-1", SS_ACTIVE,
                                      tm11.SubscriptionParameters(RT_COUNT_ONLY, [binding()]), push(),
                                      [tm11.PollInstance(VID_TAXII_HTTP_10, "/services/poll", [VID_TAXII_XML_11])]),
            tm11.SubscriptionInstance("sub-2", SS_PAUSED)])
    out["poll_request_parameters"] = tm11.PollRequest(
        "112", collection_name="default", exclusive_begin_timestamp_label=T1, inclusive_end_timestamp_label=T2,
        poll_parameters=tm11.PollParameters(RT_FULL, [binding(["urn:example.com:subtype:a"])], query(),
                                            allow_asynch=True, delivery_parameters=push(tm11.DeliveryParameters)))
    out["poll_request_subscription"] = tm11.PollRequest("113", collection_name="default", subscription_id="sub-1")
    out["poll_response"] = tm11.PollResponse(
        "114", "112", collection_name="default", exclusive_begin_timestamp_label=T1,
        inclusive_end_timestamp_label=T2, subscription_id="sub-1", message="part one",
        content_blocks=[block(1), block(2)], more=True, result_id="result-1", result_part_number=1,
        record_count=tm11.RecordCount(5, True), extended_headers=HEADERS)
    out["poll_response_empty"] = tm11.PollResponse("115", "113", collection_name="default",
                                                  inclusive_end_timestamp_label=T2)
    out["inbox_message"] = tm11.InboxMessage(
        "116", message="pushed", result_id="result-1", destination_collection_names=["default", "other"],
        subscription_information=tm11.SubscriptionInformation("default", "sub-1", T1, T2),
        record_count=tm11.RecordCount(2), content_blocks=[block(1), block(2)])
    out["poll_fulfillment"] = tm11.PollFulfillmentRequest("117", collection_name="default", result_id="result-1", result_part_number=2)
    out["status_success"] = tm11.StatusMessage("118", "116", status_type=ST_SUCCESS, message="ok")
    out["status_pending"] = tm11.StatusMessage("119", "112", status_type=ST_PENDING, status_detail={
        SD_ESTIMATED_WAIT: 30, SD_RESULT_ID: "result-1", SD_WILL_PUSH: True})
    out["status_not_found"] = tm11.StatusMessage("120", "113", status_type=ST_NOT_FOUND, status_detail={SD_ITEM: "nope"})
    out["status_invalid_part"] = tm11.StatusMessage("121", "117", status_type=ST_INVALID_RESPONSE_PART,
                                                    status_detail={SD_MAX_PART_NUMBER: 1})
    out["status_retry"] = tm11.StatusMessage("122", "112", status_type=ST_RETRY, status_detail={SD_ESTIMATED_WAIT: 5})
    out["status_destination"] = tm11.StatusMessage("123", "116", status_type=ST_DESTINATION_COLLECTION_ERROR,
                                                   status_detail={SD_ACCEPTABLE_DESTINATION: ["default", "other"]})
    out["status_third_party"] = tm11.StatusMessage("124", "116", status_type="urn:example.com:status:QUOTA",
                                                   status_detail={"urn:example.com:detail:used": "7"},
                                                   extended_headers=HEADERS)
    out["status_failure"] = tm11.StatusMessage("125", "0", status_type=ST_FAILURE)
    # The remaining status types, each with the details libtaxii can express for it.
    rest = [
        ("ASYNCHRONOUS_POLL_ERROR", {}),
        ("BAD_MESSAGE", {}),
        ("DENIED", {}),
        ("NETWORK_ERROR", {}),
        ("POLLING_UNSUPPORTED", {}),
        ("UNAUTHORIZED", {}),
        ("UNSUPPORTED_MESSAGE", {"SUPPORTED_BINDING": [VID_TAXII_XML_11]}),
        ("UNSUPPORTED_PROTOCOL", {"SUPPORTED_PROTOCOL": [VID_TAXII_HTTP_10, VID_TAXII_HTTPS_10]}),
        ("UNSUPPORTED_QUERY", {"SUPPORTED_QUERY": [FID_TAXII_DEFAULT_QUERY_10]}),
        ("UNSUPPORTED_CONTENT", {"SUPPORTED_CONTENT": [binding()]}),
        ("UNSUPPORTED_CAPABILITY_MODULE", {"CAPABILITY_MODULE": [CM_CORE, CM_REGEX]}),
        ("UNSUPPORTED_TARGETING_EXPRESSION", {"PREFERRED_SCOPE": ["**/@id"], "ALLOWED_SCOPE": ["**"]}),
        ("UNSUPPORTED_TARGETING_EXPRESSION_ID", {"TARGETING_EXPRESSION_ID": [TARGET_VOCAB]}),
    ]
    for i, (status_type, details) in enumerate(rest):
        out["status_%s" % status_type.lower()] = tm11.StatusMessage(
            str(130 + i), "112", status_type=status_type, status_detail=details, message=status_type.lower())
    return out


def main():
    dest = sys.argv[1]
    os.makedirs(dest, exist_ok=True)
    for name, msg in messages().items():
        with open(os.path.join(dest, name + ".xml"), "w", encoding="utf-8") as f:
            xml = msg.to_xml(pretty_print=True)
            f.write(xml.decode("utf-8") if isinstance(xml, bytes) else xml)


if __name__ == "__main__":
    sys.exit(main())
