#!/usr/bin/env python3
"""Deterministic files for bench/bulk.sh: a block list and a NIX-Telefon register version.

    bench/bulkgen.py ROWS DIR

DIR/blocklist.csv: a header `namn;telefon` and ROWS rows. The numbers are Swedish mobile numbers
written the ways spreadsheets hold them (070-123 45 67, +46701234567, 0701234567, 46 70 123 45 67);
1 row in 1 000 is `N/A` (unparseable) and 1 in 200 repeats the number of the row before
(a duplicate); the numbers are distinct otherwise. DIR/nix.txt: ROWS lines, one number each, of the same kind, with the same shares of
junk and repeats; DIR/nix2.txt: the next version, half of the numbers replaced.
DIR/answer.txt: what vern must report (rows, added, duplicates, unparseable), and a number from
the end of each file that must be blocked after the import.
"""

import os
import sys


PREFIXES = ("070", "072", "073", "076")


def number(i, salt, prefix=None):
    # A fixed permutation of the 7 digits after the operator prefix: one-to-one for i < 10^7.
    n = (i * 2654435761 + salt) % 10_000_000
    return "%s%07d" % (prefix or PREFIXES[i % 4], n)


def written(num, i):
    rest = num[1:]
    style = i % 4
    if style == 0:
        return "%s-%s %s %s" % (num[:3], num[3:6], num[6:8], num[8:])
    if style == 1:
        return "+46" + rest
    if style == 2:
        return num
    return "46 %s %s %s %s" % (rest[:2], rest[2:5], rest[5:7], rest[7:])


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    os.makedirs(out, exist_ok=True)
    # Distinct numbers: the permutation modulo 10^8 is one-to-one for i < 10^8.
    bad = dup = 0
    last_block = last_nix = None
    with open(os.path.join(out, "blocklist.csv"), "w", buffering=1 << 20) as f:
        f.write("namn;telefon\n")
        prev = None
        lines = []
        for i in range(rows):
            if i % 1000 == 999:
                lines.append("x;N/A\n")
                bad += 1
            elif i % 200 == 7 and prev is not None:
                lines.append("d;%s\n" % written(prev, i + 1))
                dup += 1
            else:
                prev = number(i, 12345)
                last_block = prev
                lines.append("p;%s\n" % written(prev, i))
            if len(lines) >= 100_000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
    block_answer = (rows, rows - bad - dup, dup, bad)

    def nix(name, prefix_at):
        bad = dup = 0
        last = None
        with open(os.path.join(out, name), "w", buffering=1 << 20) as f:
            prev = None
            lines = []
            for i in range(rows):
                if i % 1000 == 999:
                    lines.append("N/A\n")
                    bad += 1
                elif i % 200 == 7 and prev is not None:
                    lines.append(written(prev, i + 1) + "\n")
                    dup += 1
                else:
                    prev = number(i, 777, prefix_at(i))
                    last = prev
                    lines.append(written(prev, i) + "\n")
                if len(lines) >= 100_000:
                    f.write("".join(lines))
                    lines = []
            f.write("".join(lines))
        return (rows, rows - bad, bad, last)

    # The second version replaces the odd rows' numbers with 079 numbers, which the first lacks.
    nix1 = nix("nix.txt", lambda i: None)
    nix2 = nix("nix2.txt", lambda i: None if i % 2 == 0 else "079")
    with open(os.path.join(out, "answer.txt"), "w") as f:
        f.write("block_rows=%d\nblock_added=%d\nblock_duplicates=%d\nblock_unparseable=%d\n" % block_answer)
        f.write("block_last=+46%s\n" % last_block[1:])
        f.write("nix_lines=%d\nnix_listings=%d\nnix_unparseable=%d\nnix_last=+46%s\n" % (nix1[0], nix1[1], nix1[2], nix1[3][1:]))
        f.write("nix2_listings=%d\nnix2_unparseable=%d\nnix2_last=+46%s\n" % (nix2[1], nix2[2], nix2[3][1:]))
        # A number only in the first version (odd rows change salt in the second).
        f.write("nix_dropped=+46%s\n" % number(1, 777)[1:])


if __name__ == "__main__":
    main()
