"""Decodes a TAXII 1.1 file with libtaxii and prints the rate, like decode_file.

usage: libtaxii_decode.py FILE [MIN_SECS]
Output, one line: `whole bytes runs seconds_per_run MB_per_s blocks cpu_seconds_per_run
cpu_MB_per_s` (CPU figures from time.process_time).
"""
import sys
import time

import libtaxii.messages_11 as tm11


def main():
    path = sys.argv[1]
    min_secs = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    with open(path, "rb") as f:
        xml = f.read()
    runs = 0
    blocks = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while runs == 0 or time.perf_counter() - start < min_secs:
        msg = tm11.get_message_from_xml(xml)
        blocks = len(getattr(msg, "content_blocks", []))
        runs += 1
    per_run = (time.perf_counter() - start) / runs
    cpu_per_run = (time.process_time() - cpu_start) / runs
    print(
        f"whole {len(xml)} {runs} {per_run:.9f} {len(xml) / per_run / 1e6:.1f} {blocks}"
        f" {cpu_per_run:.9f} {len(xml) / cpu_per_run / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
