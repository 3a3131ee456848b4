"""Writes one generated section of Benchmarks/RESULTS.md between its own markers,
`<!-- begin NAME -->` and `<!-- end NAME -->`, leaving the rest of the file as it is: the
section is replaced where it stands, or appended when the file has none. Benchmarks/compare's
compare.py, which rewrites the file, carries these sections over."""
import os
import re


def put(path, name, text):
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = f"{begin}\n{text.strip()}\n{end}"
    old = open(path).read() if os.path.exists(path) else ""
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _: block, old, count=1)
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(new)


def blocks(text):
    """Every marked section of a file's text, in order, markers included."""
    return [m.group(0) for m in re.finditer(r"<!-- begin ([\w-]+) -->.*?<!-- end \1 -->", text, re.S)]
