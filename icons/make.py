#!/usr/bin/env python3
"""Writes icons/icons.bin: the icon sets mkdocs-material ships, for `:material-check:` and the
other icon shortcodes (issue 36; ADR 0034 says how they are carried and what they cost).

Usage: python3 icons/make.py [ICONS_DIR]

ICONS_DIR is mkdocs-material's `templates/.icons` folder (default: the one of the `material`
package importable by this Python, e.g. `pip install mkdocs-material==9.7.6` in a venv). Each
set folder (material, octicons, fontawesome, simple) becomes lines `name<TAB><svg>` sorted by
name, where the name is the shortcode without its colons (`fontawesome/brands/github.svg` is
`fontawesome-brands-github`), as mkdocs-material's emoji index names them, cut into blocks of
about 32 KB, each one zlib stream: a page naming an icon makes sadoc decompress only that
icon's block. The file starts with a text header, one line per block:

    sadoc-icons 2 <TAB> <source version>
    <set> <TAB> <first icon's name> <TAB> <icons> <TAB> <compressed bytes> <TAB> <bytes>
    ...
    <empty line>
    <the streams, in the header's order>

The licences of the sets are copied into icons/licenses/.
"""
import os
import shutil
import sys
import zlib

SETS = ["material", "octicons", "fontawesome", "simple"]
BLOCK = 32 * 1024
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    if len(sys.argv) > 1:
        root = sys.argv[1]
        version = "unknown"
    else:
        import material
        from importlib.metadata import version as package_version
        root = os.path.join(os.path.dirname(material.__file__), "templates", ".icons")
        version = "mkdocs-material " + package_version("mkdocs-material")
    header, streams = [f"sadoc-icons 2\t{version}"], []
    licences = os.path.join(HERE, "licenses")
    os.makedirs(licences, exist_ok=True)
    for name in SETS:
        base = os.path.join(root, name)
        lines = []
        for folder, _, files in os.walk(base):
            for file in files:
                path = os.path.join(folder, file)
                if file.endswith(".svg"):
                    rel = os.path.relpath(path, root)[:-4].replace(os.sep, "-")
                    with open(path, encoding="utf-8") as f:
                        svg = f.read().strip().replace("\n", " ").replace("\t", " ")
                    lines.append(f"{rel}\t{svg}\n")
                elif file.upper().startswith("LICENSE"):
                    shutil.copy(path, os.path.join(licences, f"{name}-{file}"))
        lines.sort(key=lambda l: l.split("\t", 1)[0].encode())
        block, total = [], [0, 0, 0]
        for i, line in enumerate(lines):
            block.append(line)
            if sum(len(l) for l in block) >= BLOCK or i == len(lines) - 1:
                raw = "".join(block).encode("utf-8")
                stream = zlib.compress(raw, 9)
                first = block[0].split("\t", 1)[0]
                header.append(f"{name}\t{first}\t{len(block)}\t{len(stream)}\t{len(raw)}")
                streams.append(stream)
                total = [total[0] + len(block), total[1] + len(stream), total[2] + len(raw)]
                block = []
        print(f"{name}: {total[0]} icons, {total[2]} bytes, {total[1]} compressed")
    with open(os.path.join(HERE, "icons.bin"), "wb") as f:
        f.write(("\n".join(header) + "\n\n").encode("utf-8"))
        for stream in streams:
            f.write(stream)


if __name__ == "__main__":
    main()
