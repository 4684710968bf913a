"""Default Query of `taxii serve` driven by libtaxii (issue 14): libtaxii builds Poll_Requests
with Default Queries and sends them with its own HTTP client; each answer must hold exactly
the blocks the query matches.

Usage: python libtaxii_query.py PORT
(the server holds the three packages interop/rules.sh pushes to collection `default`)
"""
import sys

import libtaxii
import libtaxii.messages_11 as tm11
import libtaxii.taxii_default_query as tdq
from libtaxii.clients import HttpClient
from libtaxii.constants import CB_STIX_XML_111, CM_CORE, CM_REGEX, OP_AND, OP_OR, RT_FULL, VID_TAXII_XML_11


def criterion(target, cap, rel, params):
    return tdq.Criterion(target, tdq.Test(capability_id=cap, relationship=rel, parameters=params))


CASES = [
    ("contains, case-insensitive",
     tdq.Criteria(OP_AND, criterion=[criterion("**/Title", CM_CORE, "contains",
                                               {"value": "phishing", "case_sensitive": False})]),
     {"Phishing wave", "phishing kit"}),
    ("a number libtaxii writes with an exponent",
     tdq.Criteria(OP_AND, criterion=[criterion("**/Confidence", CM_CORE, "greater_than",
                                               {"value": 2.5e-07})]),
     {"Phishing wave", "Botnet C2", "phishing kit"}),
    ("AND of two, one negated",
     tdq.Criteria(OP_AND, criterion=[
         criterion("**/Title", CM_CORE, "contains", {"value": "phishing", "case_sensitive": False}),
         tdq.Criterion("**/Confidence", tdq.Test(CM_CORE, "greater_than", {"value": 6e+01}), negate=True)]),
     {"phishing kit"}),
    ("OR with a regex",
     tdq.Criteria(OP_OR, criterion=[
         criterion("**/Title", CM_REGEX, "matches", {"value": "^Botnet", "case_sensitive": True}),
         criterion("**/Title", CM_CORE, "equals", {"value": "PHISHING WAVE",
                                                  "match_type": "case_insensitive_string"})]),
     {"Phishing wave", "Botnet C2"}),
]


def titles(poll_response):
    out = set()
    for b in poll_response.content_blocks:
        c = b.content.decode() if isinstance(b.content, bytes) else b.content
        out.add(c.split("<stix:Title>")[1].split("</stix:Title>")[0])
    return out


def main():
    port = int(sys.argv[1])
    client = HttpClient()
    client.set_use_https(False)
    bad = 0
    for i, (name, criteria, expected) in enumerate(CASES):
        query = tdq.DefaultQuery(CB_STIX_XML_111, criteria)
        req = tm11.PollRequest(str(500 + i), collection_name="default",
                               poll_parameters=tm11.PollParameters(RT_FULL, query=query))
        http = client.call_taxii_service2("127.0.0.1", "/services/poll", VID_TAXII_XML_11,
                                          req.to_xml(), port=port)
        answer = libtaxii.get_message_from_http_response(http, req.message_id)
        if not isinstance(answer, tm11.PollResponse):
            bad += 1
            print("FAIL %s: %s" % (name, answer.to_text()))
            continue
        got = titles(answer)
        if got != expected:
            bad += 1
            print("FAIL %s: got %s, expected %s" % (name, sorted(got), sorted(expected)))
    print("libtaxii queries: %d of %d answered with exactly the matching blocks"
          % (len(CASES) - bad, len(CASES)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
