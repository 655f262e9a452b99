#!/usr/bin/env python3
"""Rewrites the import block of Java sources into the order config/checkstyle/checkstyle.xml checks.

Three groups, separated by one blank line: other libraries and our own (io., org., ...), then java. and javax.,
then static imports; each group sorted name part by name part, as Checkstyle's CustomImportOrder compares them.
Duplicate imports are dropped; unused ones are left for the checker to report. A file whose import block holds
anything but imports and blank lines (a comment, a module import) is left alone and named on stderr.

Usage: config/checkstyle/sort-imports.py FILE.java...   (e.g. with $(git ls-files 'perf/*.java'))
"""
import re
import sys

IMPORT = re.compile(r'import (static )?([\w.]+(?:\.\*)?);$')


def sorted_block(lines):
    groups = ([], [], [])
    for line in dict.fromkeys(line.strip() for line in lines if line.strip()):
        match = IMPORT.match(line)
        if match is None:
            return None
        name = match.group(2)
        group = 2 if match.group(1) else (1 if re.match(r'javax?\.', name) else 0)
        groups[group].append((name.split('.'), line))
    block = []
    for group in groups:
        if group:
            if block:
                block.append('')
            block.extend(line for _, line in sorted(group))
    return block


def sort_imports(path):
    lines = open(path, encoding='utf-8').read().split('\n')
    indexes = [i for i, line in enumerate(lines) if line.startswith('import ')]
    if not indexes:
        return False
    first, last = indexes[0], indexes[-1]
    block = sorted_block(lines[first:last + 1])
    if block is None:
        print(f'{path}: import block left alone (it holds more than imports)', file=sys.stderr)
        return False
    if block == lines[first:last + 1]:
        return False
    lines[first:last + 1] = block
    with open(path, 'w', encoding='utf-8') as out:
        out.write('\n'.join(lines))
    return True


if __name__ == '__main__':
    for source in sys.argv[1:]:
        if sort_imports(source):
            print(f'{source}: imports sorted')
