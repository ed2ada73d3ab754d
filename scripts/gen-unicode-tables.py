#!/usr/bin/env python3
"""Generates src/HybridBatch.Core/Schema/Patterns/UnicodeTables.Generated.cs from the Unicode Character Database.

The pattern parser answers ECMA-262's \\p{Script=...}, \\p{Script_Extensions=...} and binary properties from the code
point ranges written here (.NET carries no script or binary-property data). Input: a UCD folder, by default Debian's
unicode-data package:

    apt-get install unicode-data        # or: apt-get download unicode-data && dpkg-deb -x unicode-data_*.deb DIR
    python3 scripts/gen-unicode-tables.py [/usr/share/unicode] > src/HybridBatch.Core/Schema/Patterns/UnicodeTables.Generated.cs

Files read: ReadMe.txt (version), PropertyValueAliases.txt, Scripts.txt, ScriptExtensions.txt, PropList.txt,
DerivedCoreProperties.txt, emoji/emoji-data.txt, extracted/DerivedBinaryProperties.txt, DerivedNormalizationProps.txt.
"""
import os
import re
import sys

MAX = 0x10FFFF

# ECMA-262 table "Binary Unicode property aliases and their canonical property names", less Any, ASCII and Assigned
# (UnicodeTables.cs answers those from their definitions). Canonical name first, then its alias, when it has one.
BINARY = [
    ("ASCII_Hex_Digit", "AHex"), ("Alphabetic", "Alpha"), ("Bidi_Control", "Bidi_C"), ("Bidi_Mirrored", "Bidi_M"),
    ("Case_Ignorable", "CI"), ("Cased",), ("Changes_When_Casefolded", "CWCF"), ("Changes_When_Casemapped", "CWCM"),
    ("Changes_When_Lowercased", "CWL"), ("Changes_When_NFKC_Casefolded", "CWKCF"), ("Changes_When_Titlecased", "CWT"),
    ("Changes_When_Uppercased", "CWU"), ("Dash",), ("Default_Ignorable_Code_Point", "DI"), ("Deprecated", "Dep"),
    ("Diacritic", "Dia"), ("Emoji",), ("Emoji_Component", "EComp"), ("Emoji_Modifier", "EMod"),
    ("Emoji_Modifier_Base", "EBase"), ("Emoji_Presentation", "EPres"), ("Extended_Pictographic", "ExtPict"),
    ("Extender", "Ext"), ("Grapheme_Base", "Gr_Base"), ("Grapheme_Extend", "Gr_Ext"), ("Hex_Digit", "Hex"),
    ("IDS_Binary_Operator", "IDSB"), ("IDS_Trinary_Operator", "IDST"), ("ID_Continue", "IDC"), ("ID_Start", "IDS"),
    ("Ideographic", "Ideo"), ("Join_Control", "Join_C"), ("Logical_Order_Exception", "LOE"), ("Lowercase", "Lower"),
    ("Math",), ("Noncharacter_Code_Point", "NChar"), ("Pattern_Syntax", "Pat_Syn"), ("Pattern_White_Space", "Pat_WS"),
    ("Quotation_Mark", "QMark"), ("Radical",), ("Regional_Indicator", "RI"), ("Sentence_Terminal", "STerm"),
    ("Soft_Dotted", "SD"), ("Terminal_Punctuation", "Term"), ("Unified_Ideograph", "UIdeo"), ("Uppercase", "Upper"),
    ("Variation_Selector", "VS"), ("White_Space", "space"), ("XID_Continue", "XIDC"), ("XID_Start", "XIDS"),
]

BINARY_FILES = ["PropList.txt", "DerivedCoreProperties.txt", "emoji/emoji-data.txt",
                "extracted/DerivedBinaryProperties.txt", "DerivedNormalizationProps.txt"]


def records(path):
    """(first, last, fields after the code points) for each data line of a UCD file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            span = fields[0].split("..")
            first = int(span[0], 16)
            last = int(span[-1], 16)
            yield first, last, fields[1:]


def merge(ranges):
    out = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def complement(ranges):
    out, nxt = [], 0
    for first, last in merge(ranges):
        if first > nxt:
            out.append((nxt, first - 1))
        nxt = last + 1
    if nxt <= MAX:
        out.append((nxt, MAX))
    return out


def subtract(ranges, holes):
    """ranges minus the code points of holes (both merged lists)."""
    points = set()
    for first, last in holes:
        points.update(range(first, last + 1))
    out = []
    for first, last in ranges:
        start = None
        for c in range(first, last + 2):
            inside = c <= last and c not in points
            if inside and start is None:
                start = c
            elif not inside and start is not None:
                out.append((start, c - 1))
                start = None
    return out


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    with open(os.path.join(ucd, "ReadMe.txt"), encoding="utf-8") as f:
        version = re.search(r"Version (\d+\.\d+\.\d+)", f.read()).group(1)

    aliases = {}  # long name -> [long, short, extra...]
    short_to_long = {}
    for line in open(os.path.join(ucd, "PropertyValueAliases.txt"), encoding="utf-8"):
        fields = [x.strip() for x in line.split("#", 1)[0].split(";")]
        if fields[0] != "sc":
            continue
        short, long = fields[1], fields[2]
        if long == "Katakana_Or_Hiragana":
            # A Script value no code point has (Scripts.txt never assigns it); ECMA-262 engines refuse the name.
            continue
        aliases[long] = [long] + ([short] if short != long else []) + fields[3:]
        short_to_long[short] = long

    script_ranges = {name: [] for name in aliases}
    for first, last, fields in records(os.path.join(ucd, "Scripts.txt")):
        script_ranges[fields[0]].append((first, last))
    assigned = merge(r for rs in script_ranges.values() for r in rs)
    script_ranges["Unknown"] = complement(assigned)
    script_ranges = {name: merge(rs) for name, rs in script_ranges.items()}

    # Script_Extensions: a code point listed in ScriptExtensions.txt has exactly the scripts listed there; any other
    # has its Script value alone (UAX #24).
    listed, extension_ranges = [], {name: [] for name in aliases}
    for first, last, fields in records(os.path.join(ucd, "ScriptExtensions.txt")):
        listed.append((first, last))
        for short in fields[0].split():
            extension_ranges[short_to_long[short]].append((first, last))
    listed = merge(listed)
    scx = {name: merge(subtract(script_ranges[name], listed) + extension_ranges[name]) for name in aliases}

    binary_ranges = {names[0]: [] for names in BINARY}
    for file in BINARY_FILES:
        for first, last, fields in records(os.path.join(ucd, file)):
            if fields[0] in binary_ranges and len(fields) == 1:
                binary_ranges[fields[0]].append((first, last))
    for name, rs in binary_ranges.items():
        if not rs:
            sys.exit(f"no data for binary property {name} in {ucd}")

    sets, names_sc, names_bin = [], [], []
    for long in sorted(aliases):
        names_sc.append(" ".join(aliases[long]))
        sets.append(script_ranges[long])
    for long in sorted(aliases):
        sets.append(scx[long])
    for names in BINARY:
        names_bin.append(" ".join(names))
        sets.append(merge(binary_ranges[names[0]]))

    # Each set as (gap from the previous range's end, length - 1) pairs: small numbers, a compact source.
    starts, deltas = [], []
    for rs in sets:
        starts.append(len(deltas))
        previous = -1
        for first, last in rs:
            deltas.extend([first - previous - 1, last - first])
            previous = last
    starts.append(len(deltas))

    w = sys.stdout.write
    w("// <auto-generated>\n")
    w(f"// Unicode {version} Script, Script_Extensions and ECMA-262 binary properties, generated by\n")
    w("// scripts/gen-unicode-tables.py from the Unicode Character Database (Debian's unicode-data package).\n")
    w("// Regenerate: python3 scripts/gen-unicode-tables.py /usr/share/unicode > src/HybridBatch.Core/Schema/Patterns/UnicodeTables.Generated.cs\n")
    w("// </auto-generated>\n")
    w("namespace HybridBatch.Core.Schema;\n\n")
    w("internal static partial class UnicodeTables\n{\n")
    w(f"    public const string Version = \"{version}\";\n\n")
    w("    /// <summary>Script values, each as its space-separated aliases; set i is Script, set ScriptCount + i Script_Extensions.</summary>\n")
    w("    private static readonly string[] _scriptAliases =\n    [\n")
    for n in names_sc:
        w(f"        \"{n}\",\n")
    w("    ];\n\n")
    w("    /// <summary>Binary properties, each as its space-separated aliases; set 2 * ScriptCount + j.</summary>\n")
    w("    private static readonly string[] _binaryAliases =\n    [\n")
    for n in names_bin:
        w(f"        \"{n}\",\n")
    w("    ];\n\n")
    w("    /// <summary>Where each set's pairs begin in <see cref=\"Deltas\"/> (one more entry: the end).</summary>\n")
    w("    private static ReadOnlySpan<int> Starts =>\n    [\n")
    for i in range(0, len(starts), 16):
        w("        " + ", ".join(str(x) for x in starts[i:i + 16]) + ",\n")
    w("    ];\n\n")
    w("    /// <summary>Per range: the gap after the previous range (or from U+0000) and the range's length less one.</summary>\n")
    w("    private static ReadOnlySpan<int> Deltas =>\n    [\n")
    for i in range(0, len(deltas), 24):
        w("        " + ", ".join(str(x) for x in deltas[i:i + 24]) + ",\n")
    w("    ];\n}\n")


if __name__ == "__main__":
    main()
