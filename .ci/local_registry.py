#!/usr/bin/env python3
"""Builds a local cargo registry (a git index and the .crate files) from packaged crates.

usage: local_registry.py DIR CRATE...

Each CRATE is a `cargo package` output. Their dependencies on one another resolve within the
registry; every other dependency is crates.io's. `cargo install NAME --registry local` then
installs from it, given `registries.local.index = "file://DIR/index"`.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile

CRATES_IO = "https://github.com/rust-lang/crates.io-index"


def index_path(name):
    name = name.lower()
    if len(name) <= 2:
        return os.path.join(str(len(name)), name)
    if len(name) == 3:
        return os.path.join("3", name[0], name)
    return os.path.join(name[:2], name[2:4], name)


def main():
    root, crates = os.path.abspath(sys.argv[1]), sys.argv[2:]
    shutil.rmtree(root, ignore_errors=True)
    index, store, unpacked = (os.path.join(root, d) for d in ("index", "crates", "unpacked"))
    for d in (index, store, unpacked):
        os.makedirs(d)
    with open(os.path.join(index, "config.json"), "w") as f:
        json.dump({"dl": "file://" + store + "/{crate}-{version}.crate"}, f)
    entries = []
    for crate in crates:
        with tarfile.open(crate) as tar:
            tar.extractall(unpacked, filter="data")
        top = os.path.join(unpacked, os.path.basename(crate)[: -len(".crate")])
        meta = json.loads(subprocess.check_output(
            ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline",
             "--manifest-path", os.path.join(top, "Cargo.toml")]))
        entries.append((crate, meta["packages"][0]))
    ours = {package["name"] for _, package in entries}
    for crate, package in entries:
        deps = []
        for dep in package["dependencies"]:
            if dep["kind"] == "dev":
                continue
            entry = {
                "name": dep["rename"] or dep["name"],
                "req": dep["req"],
                "features": dep["features"],
                "optional": dep["optional"],
                "default_features": dep["uses_default_features"],
                "target": dep["target"],
                "kind": dep["kind"] or "normal",
            }
            if dep["rename"]:
                entry["package"] = dep["name"]
            if dep["name"] not in ours:
                entry["registry"] = CRATES_IO
            deps.append(entry)
        with open(crate, "rb") as f:
            data = f.read()
        line = {
            "name": package["name"],
            "vers": package["version"],
            "deps": deps,
            "cksum": hashlib.sha256(data).hexdigest(),
            "features": {},
            "features2": package["features"],
            "yanked": False,
            "v": 2,
        }
        if package.get("rust_version"):
            line["rust_version"] = package["rust_version"]
        path = os.path.join(index, index_path(package["name"]))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "a") as f:
            f.write(json.dumps(line) + "\n")
        shutil.copy(crate, os.path.join(store, os.path.basename(crate)))
    git = ["git", "-C", index, "-c", "user.name=ci", "-c", "user.email=ci@localhost"]
    subprocess.check_call(git[:3] + ["init", "-q"])
    subprocess.check_call(git + ["add", "."])
    subprocess.check_call(git + ["commit", "-q", "-m", "index"])


if __name__ == "__main__":
    main()
