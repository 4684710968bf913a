"""Prints a TAXII 1.1 Inbox_Message of N copies of a STIX package, built by libtaxii.

Usage: scale_inbox.py STIX_FILE N COLLECTION
"""
import sys

import libtaxii.messages_11 as tm11
from libtaxii.constants import CB_STIX_XML_111

stix_file, count, collection = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(stix_file, encoding="utf-8") as f:
    content = f.read()
blocks = [tm11.ContentBlock(CB_STIX_XML_111, content) for _ in range(count)]
message = tm11.InboxMessage(
    message_id=tm11.generate_message_id(),
    destination_collection_names=[collection],
    content_blocks=blocks,
)
sys.stdout.write(message.to_xml(pretty_print=False).decode("utf-8"))
