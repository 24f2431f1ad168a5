#!/usr/bin/env python3
"""Turn a form (forms/standard.csv) into a C file defining its bytes as
NAME (form_standard_csv) and NAME_len."""
import os
import sys

src, dst = sys.argv[1], sys.argv[2]
var = sys.argv[3] if len(sys.argv) > 3 else 'form_standard_csv'
data = open(src, 'rb').read()
with open(dst, 'w') as out:
    out.write('/* generated from forms/%s by forms/embed.py */\n' % os.path.basename(src))
    out.write('#include <stddef.h>\n')
    out.write('extern const char %s[];\n' % var)
    out.write('extern const size_t %s_len;\n' % var)
    out.write('const char %s[] = {\n' % var)
    for i in range(0, len(data), 16):
        out.write(''.join("'\\%03o'," % b for b in data[i:i + 16]) + '\n')
    out.write('0};\n')
    out.write('const size_t %s_len = %d;\n' % (var, len(data)))
