"""The decode contract against libtaxii (issue 14): messages libtaxii builds that are valid
against the official XSDs but break a spec rule beyond them, one file per case, named
`RULE__case.xml` (RULE `none` when the message breaks nothing, e.g. a number libtaxii
writes with an exponent). `interop/rules.sh` checks that we decode each one, that
`taxii validate` reports RULE, and that our re-encoding is equal for libtaxii.

  generate OUT_DIR          write the corpus: OUT_DIR/11 (TAXII 1.1), OUT_DIR/10 (TAXII 1.0)
  compare A_DIR B_DIR       every A_DIR/*.xml and the B_DIR file of the same name parse with
                            libtaxii (messages_11 or messages_10 by namespace) to equal
                            messages (to_dict)
Exit status 1 on any failure.
"""
import datetime
import os
import sys

import libtaxii.messages_10 as tm10
from lxml import etree
import libtaxii.messages_11 as tm11
import libtaxii.taxii_default_query as tdq
from libtaxii.constants import (
    ACT_UNSUBSCRIBE, CB_STIX_XML_111, CM_CORE, FID_TAXII_DEFAULT_QUERY_10,
    OP_AND, RT_FULL, SVC_POLL, VID_TAXII_HTTP_10, VID_TAXII_SERVICES_10, VID_TAXII_SERVICES_11,
    VID_TAXII_XML_10, VID_TAXII_XML_11,
)

UTC = datetime.timezone.utc
T1 = datetime.datetime(2024, 1, 1, 0, 0, 0, tzinfo=UTC)
T2 = datetime.datetime(2024, 2, 1, 12, 30, 15, tzinfo=UTC)
STIX = ('<stix:STIX_Package xmlns:stix="http://stix.mitre.org/stix-1" id="example:Package-1" '
        'version="1.1.1"/>')
TAXII_10_NS = "http://taxii.mitre.org/messages/taxii_xml_binding-1"


def poll_with(criterion, **params):
    q = tdq.DefaultQuery(CB_STIX_XML_111, tdq.Criteria(OP_AND, criterion=[criterion]))
    return tm11.PollRequest("201", collection_name="default", poll_parameters=tm11.PollParameters(
        RT_FULL, query=q, **params))


def test(relationship, params):
    return tdq.Test(capability_id=CM_CORE, relationship=relationship, parameters=params)


def unchecked_test(relationship, params):
    """A test libtaxii's own parameter check would refuse, built past it."""
    t = test("exists", None)
    t._relationship = relationship
    t._parameters = params
    return t


def unchecked_status(message_id, status_type, details):
    """A status libtaxii's own detail check would refuse, built past it."""
    s = tm11.StatusMessage(message_id, "201", status_type="FAILURE")
    s._status_type = status_type
    s._status_detail = details
    return s


def delivery():
    return tm11.DeliveryParameters(VID_TAXII_HTTP_10, "http://127.0.0.1:9000/inbox", VID_TAXII_XML_11)


def block(binding_id="urn:stix.mitre.org:xml:1.1.1", subtypes=None):
    return tm11.ContentBlock(tm11.ContentBinding(binding_id, subtype_ids=subtypes), STIX)


def poll_service(queries):
    return tm11.ServiceInstance(SVC_POLL, VID_TAXII_SERVICES_11, VID_TAXII_HTTP_10,
                                "http://127.0.0.1:9000/services/poll", [VID_TAXII_XML_11],
                                supported_query=queries)


def info(preferred=None, allowed=None):
    tei = tdq.DefaultQueryInfo.TargetingExpressionInfo(
        CB_STIX_XML_111, preferred_scope=preferred, allowed_scope=allowed)
    return tdq.DefaultQueryInfo([tei], [CM_CORE])


def taxii11():
    out = {}
    out["TE-3__target_outside_the_notation"] = poll_with(
        tdq.Criterion("Title[contains(., 'a')]", test("exists", None)))
    out["C11-3__delivery_without_allow_asynch"] = poll_with(
        tdq.Criterion("**/Title", test("exists", None)), allow_asynch=False,
        delivery_parameters=delivery())
    out["none__number_with_negative_exponent"] = poll_with(
        tdq.Criterion("**/Confidence", test("greater_than", {"value": 2.5e-07})))
    out["none__number_with_positive_exponent"] = poll_with(
        tdq.Criterion("**/Confidence", test("less_than", {"value": 1e+20})))
    out["REL-1__equals_without_match_type"] = poll_with(
        tdq.Criterion("**/Title", unchecked_test("equals", {"value": "x"})))
    out["TQI-4__targeting_info_without_scope"] = tm11.DiscoveryResponse(
        "202", "201", service_instances=[poll_service([info()])])
    out["SQ-2__two_supported_queries_of_one_format"] = tm11.DiscoveryResponse(
        "203", "201", service_instances=[poll_service([info(allowed=["**"]), info(allowed=["**"])])])
    out["C11-2__end_not_after_begin"] = tm11.PollRequest(
        "204", collection_name="default", exclusive_begin_timestamp_label=T2,
        inclusive_end_timestamp_label=T1, subscription_id="sub-1")
    out["C11-4__more_without_result_id"] = tm11.PollResponse(
        "205", "201", collection_name="default", more=True)
    out["C11-6__record_count_below_blocks"] = tm11.PollResponse(
        "206", "201", collection_name="default", record_count=tm11.RecordCount(1),
        content_blocks=[block(), block()])
    out["C11-7__unsubscribe_without_id"] = tm11.ManageCollectionSubscriptionRequest(
        "207", collection_name="default", action=ACT_UNSUBSCRIBE)
    out["CBT-2__nesting_expression_in_poll_parameters"] = tm11.PollRequest(
        "209", collection_name="default", poll_parameters=tm11.PollParameters(
            RT_FULL, [tm11.ContentBinding("urn:example:a|urn:example:b")]))
    out["C11-11__subtype_with_nesting_expression"] = tm11.InboxMessage(
        "210", content_blocks=[block("urn:example:a|urn:example:b", ["urn:example:subtype"])])
    out["C11-10__pending_without_will_push"] = unchecked_status(
        "211", "PENDING", {"ESTIMATED_WAIT": 5, "RESULT_ID": "r"})
    out["C11-10__invalid_response_part_without_max"] = unchecked_status(
        "212", "INVALID_RESPONSE_PART", {})
    out["TST-2__unsupported_targeting_expression_without_scope"] = unchecked_status(
        "213", "UNSUPPORTED_TARGETING_EXPRESSION", {})
    empty = tm11.DiscoveryRequest("214")
    empty._message_id = ""
    out["G11-5__empty_message_id"] = empty
    return out


def taxii10():
    out = {}
    out["MFSRq10-4__unsubscribe_without_id"] = tm10.ManageFeedSubscriptionRequest(
        "301", feed_name="default", action="UNSUBSCRIBE")
    out["PRq10-6__end_not_after_begin"] = tm10.PollRequest(
        "302", feed_name="default", exclusive_begin_timestamp_label=T2,
        inclusive_end_timestamp_label=T1)
    out["DIF-6__taxii11_status_type"] = tm10.StatusMessage("303", "0", status_type="PENDING")
    out["DRs10-8__content_binding_outside_inbox"] = tm10.DiscoveryResponse("304", "0", service_instances=[
        tm10.ServiceInstance(SVC_POLL, VID_TAXII_SERVICES_10, VID_TAXII_HTTP_10,
                             "http://127.0.0.1:9000/services/poll", [VID_TAXII_XML_10],
                             inbox_service_accepted_content=[CB_STIX_XML_111])])
    return out


def generate(dest):
    for version, corpus in (("11", taxii11()), ("10", taxii10())):
        os.makedirs(os.path.join(dest, version), exist_ok=True)
        for name, msg in corpus.items():
            xml = msg.to_xml(pretty_print=True)
            with open(os.path.join(dest, version, name + ".xml"), "wb") as f:
                f.write(xml if isinstance(xml, bytes) else xml.encode("utf-8"))
    return 0


def parse(path):
    with open(path, "rb") as f:
        xml = f.read()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if etree.fromstring(xml, parser).tag.startswith("{%s}" % TAXII_10_NS):
        return tm10.get_message_from_xml(xml)
    return tm11.get_message_from_xml(xml)


def canonical(path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    return etree.tostring(etree.parse(path, parser), method="c14n")


def compare(a, b):
    names = sorted(n for n in os.listdir(a) if n.endswith(".xml"))
    if not names:
        sys.exit("libtaxii_rules: no files in %s" % a)
    bad = 0
    for name in names:
        pa, pb = os.path.join(a, name), os.path.join(b, name)
        try:
            first = parse(pa)
        except ValueError as e:
            # libtaxii refuses to read even its own message (its detail checks): the two
            # documents must then be the same XML (canonical form, blank text ignored).
            if canonical(pa) != canonical(pb):
                bad += 1
                print("DIFFERENT XML: %s (libtaxii reads neither: %s)" % (name, e))
            continue
        try:
            if first.to_dict() != parse(pb).to_dict():
                bad += 1
                print("DIFFERENT for libtaxii: %s" % name)
        except Exception as e:  # a file libtaxii cannot read is a failure too
            bad += 1
            print("FAIL %s: %s" % (name, e))
    print("libtaxii: %d of %d re-encodings equal" % (len(names) - bad, len(names)))
    return 1 if bad else 0


def main():
    if sys.argv[1:2] == ["generate"] and len(sys.argv) == 3:
        return generate(sys.argv[2])
    if sys.argv[1:2] == ["compare"] and len(sys.argv) == 4:
        return compare(sys.argv[2], sys.argv[3])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
