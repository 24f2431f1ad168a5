#!/usr/bin/env python3
"""Turn forms/standard.csv into a C file defining form_standard_csv."""
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, 'rb').read()
with open(dst, 'w') as out:
    out.write('/* generated from forms/standard.csv by forms/embed.py */\n')
    out.write('#include <stddef.h>\n')
    out.write('extern const char form_standard_csv[];\n')
    out.write('extern const size_t form_standard_csv_len;\n')
    out.write('const char form_standard_csv[] = {\n')
    for i in range(0, len(data), 16):
        out.write(''.join("'\\%03o'," % b for b in data[i:i + 16]) + '\n')
    out.write('0};\n')
    out.write('const size_t form_standard_csv_len = %d;\n' % len(data))
