#!/usr/bin/env python3
"""Downloads one release's source archive from the Python package index pip is configured with,
checks its sha256 against the index, and prints its path. Nothing in the archive is run.

    python3 pypi-sdist.py NAME VERSION DEST_DIR
"""
import hashlib
import json
import os
import subprocess
import sys
import urllib.request


def index_url() -> str:
    configured = subprocess.run([sys.executable, '-m', 'pip', 'config', 'get', 'global.index-url'], capture_output=True, text=True).stdout.strip()
    if configured:
        return configured.rstrip('/')
    from pip._internal.models.index import PyPI  # pip's own default index

    return PyPI.simple_url.rstrip('/')


def main() -> None:
    name, version, dest = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(dest, exist_ok=True)
    req = urllib.request.Request(f'{index_url()}/{name}/', headers={'Accept': 'application/vnd.pypi.simple.v1+json'})
    with urllib.request.urlopen(req, timeout=60) as r:
        files = json.load(r)['files']
    norm = name.replace('-', '_')
    wanted = [f for f in files if f['filename'] in (f'{norm}-{version}.tar.gz', f'{name}-{version}.tar.gz')]
    if not wanted:
        sys.exit(f'{name} {version}: no source archive on the index')
    f = wanted[0]
    path = os.path.join(dest, f['filename'])
    if not os.path.exists(path) or hashlib.sha256(open(path, 'rb').read()).hexdigest() != f['hashes']['sha256']:
        tmp = path + '.part'
        urllib.request.urlretrieve(f['url'], tmp)
        digest = hashlib.sha256(open(tmp, 'rb').read()).hexdigest()
        if digest != f['hashes']['sha256']:
            os.unlink(tmp)
            sys.exit(f'{f["filename"]}: sha256 {digest} does not match the index ({f["hashes"]["sha256"]})')
        os.replace(tmp, path)
    print(path)


if __name__ == '__main__':
    main()
