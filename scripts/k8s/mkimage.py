#!/usr/bin/env python3
"""Writes a one-layer image as a docker-archive tar (the `docker save` layout), with no daemon
and no registry, for `ctr -n k8s.io images import` (scripts/k8s/images.sh).

    mkimage.py ROOTFS REF OUT.tar [--env K=V ...] [--workdir DIR] -- CMD [ARG ...]

Every entry of the layer is owned by uid/gid 0 with mtime 0 and the entries are sorted, so the
same ROOTFS always gives the same layer digest and image id."""
import argparse
import hashlib
import io
import json
import os
import sys
import tarfile
import tempfile


def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mtime = 0
    info.pax_headers = {}
    return info


def write_layer(rootfs: str, fileobj) -> None:
    with tarfile.open(fileobj=fileobj, mode="w", format=tarfile.GNU_FORMAT) as layer:
        for top, dirs, files in os.walk(rootfs):
            dirs.sort()
            for name in sorted(dirs + files):
                path = os.path.join(top, name)
                arcname = os.path.relpath(path, rootfs)
                info = normalise(layer.gettarinfo(path, arcname))
                if info.isreg():
                    with open(path, "rb") as f:
                        layer.addfile(info, f)
                else:
                    layer.addfile(info)


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def main() -> None:
    argv = sys.argv[1:]
    cmd = []
    if "--" in argv:
        cut = argv.index("--")
        argv, cmd = argv[:cut], argv[cut + 1 :]
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("rootfs")
    p.add_argument("ref", help="image reference, e.g. k8s.local/redis:7")
    p.add_argument("out")
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--workdir", default="/")
    args = p.parse_args(argv)
    if not os.path.isdir(args.rootfs):
        p.error(f"{args.rootfs} is not a folder")
    env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + args.env

    out_dir = os.path.dirname(os.path.abspath(args.out))
    with tempfile.TemporaryFile(dir=out_dir) as layer:
        write_layer(args.rootfs, layer)
        size = layer.tell()
        layer.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: layer.read(1 << 20), b""):
            digest.update(chunk)
        diff_id = "sha256:" + digest.hexdigest()

        epoch = "1970-01-01T00:00:00Z"
        config = {
            "architecture": "amd64",
            "os": "linux",
            "created": epoch,
            "config": {"Env": env, "Cmd": cmd, "WorkingDir": args.workdir},
            "rootfs": {"type": "layers", "diff_ids": [diff_id]},
            "history": [{"created": epoch, "created_by": "scripts/k8s/mkimage.py"}],
        }
        config_bytes = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
        image_id = hashlib.sha256(config_bytes).hexdigest()
        layer_name = f"{diff_id[7:]}/layer.tar"
        manifest = [{"Config": f"{image_id}.json", "RepoTags": [args.ref], "Layers": [layer_name]}]

        partial = args.out + ".partial"
        with tarfile.open(partial, "w", format=tarfile.GNU_FORMAT) as archive:
            add_bytes(archive, f"{image_id}.json", config_bytes)
            info = tarfile.TarInfo(layer_name)
            info.size = size
            info.mode = 0o644
            layer.seek(0)
            archive.addfile(info, layer)
            add_bytes(archive, "manifest.json", json.dumps(manifest).encode())
        os.replace(partial, args.out)
    print(f"{args.ref}: image sha256:{image_id[:12]}, layer {size / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
