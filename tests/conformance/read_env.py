"""Reads .env files with the real python-dotenv (dotenv_values, interpolation on) from an
empty os.environ, as prisma-client-py loads them (the file opened in text mode, so
\r\n and \r are already \n) and prints {file: values} as JSON; a bare KEY is null.
Usage: python read_env.py <file>..."""
import json
import os
import sys
import warnings

import dotenv

os.environ.clear()
warnings.simplefilter("ignore")
out = {}
for name in sys.argv[1:]:
    out[name] = dict(dotenv.dotenv_values(dotenv_path=name))
sys.stdout.write(json.dumps(out))
