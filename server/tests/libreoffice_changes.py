#!/usr/bin/python3
"""Reads a Word file as LibreOffice does, for server/tests/discussion.rs. Prints JSON with its tracked changes
(author, kind) and comments (author, text, the words they are on), as LibreOffice converts it to ODF, and its
paragraphs with every change accepted and with every change rejected, by LibreOffice's own commands.

    /usr/bin/python3 libreoffice_changes.py FILE.docx WORK_DIR

Needs Debian's python3-uno (make test installs it). LibreOffice runs headless with a profile in WORK_DIR.
Debian 12's LibreOffice without a GUI (7.4) aborts when it lays out a page with a comment on it, its own
comments too, so the changes are accepted and rejected in a copy without the comments.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from html import unescape

import uno
from com.sun.star.beans import PropertyValue

PATH, WORK = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
PROFILE = "-env:UserInstallation=file://" + os.path.join(WORK, "profile")


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def plain(xml):
    return unescape(re.sub(r"<[^>]+>", "", xml))


def as_odf():
    """The changes and comments LibreOffice reads from the file, from the ODF it converts it to."""
    out = os.path.join(WORK, "odf")
    subprocess.run(["soffice", PROFILE, "--headless", "--convert-to", "odt", "--outdir", out, PATH],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    odt = os.path.join(out, os.path.splitext(os.path.basename(PATH))[0] + ".odt")
    content = zipfile.ZipFile(odt).read("content.xml").decode()
    changes = [{"kind": kind, "author": plain(author)} for kind, author in re.findall(
        r"<text:(insertion|deletion)><office:change-info><dc:creator>(.*?)</dc:creator>", content)]
    comments = []
    for m in re.finditer(r"<office:annotation( [^>]*)?>(.*?)</office:annotation>", content):
        name = (re.search(r'office:name="([^"]*)"', m.group(1) or "") or re.search("()", "")).group(1)
        body = m.group(2)
        author = plain((re.search(r"<dc:creator>(.*?)</dc:creator>", body) or re.search("()", "")).group(1))
        paragraphs = [plain(p) for p in re.findall(r"<text:p[^>]*>(.*?)</text:p>", body)]
        on = ""
        if name:
            end = content.find(f'<office:annotation-end office:name="{name}"', m.end())
            if end > 0:
                between = re.sub(r"<office:annotation\b.*?</office:annotation>", "", content[m.end():end])
                on = plain(between)
        comments.append({"author": author, "paragraphs": paragraphs, "on": on})
    return changes, comments


def without_comments():
    copy = os.path.join(WORK, "no-comments.docx")
    with zipfile.ZipFile(PATH) as src, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode()
                xml = re.sub(r'<w:commentRange(?:Start|End) w:id="\d+" ?/>', "", xml)
                xml = re.sub(r"<w:r>(?:(?!</w:r>).)*?<w:commentReference [^>]*/>.*?</w:r>", "", xml)
                data = xml.encode()
            dst.writestr(item, data)
    return copy


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except Exception:
            if office.poll() is not None:
                raise SystemExit(f"soffice exited with {office.returncode}")
            time.sleep(0.1)
    raise SystemExit("soffice did not answer in 30 s")


def paragraphs(doc):
    out = []
    found = doc.getText().createEnumeration()
    while found.hasMoreElements():
        p = found.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            out.append(p.getString())
    return out


def accepted_and_rejected(path):
    port = free_port()
    office = subprocess.Popen(["soffice", PROFILE, "--headless", "--invisible", "--norestore",
                               f"--accept=socket,host=127.0.0.1,port={port};urp;"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        ctx = connect(port, office)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        texts = {}
        for action in ["Accept", "Reject"]:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (prop("Hidden", True),))
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, f".uno:{action}AllTrackedChanges", "", 0, ())
            texts[action] = paragraphs(doc)
            doc.close(True)
        return texts["Accept"], texts["Reject"]
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


def main():
    os.makedirs(WORK, exist_ok=True)
    # A new profile makes soffice restart once, which would cut the connection: it is made first.
    subprocess.run(["soffice", PROFILE, "--headless", "--terminate_after_init"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    changes, comments = as_odf()
    accepted, rejected = accepted_and_rejected(without_comments())
    print(json.dumps({"changes": changes, "comments": comments, "accepted": accepted, "rejected": rejected},
                     ensure_ascii=False))
    shutil.rmtree(os.path.join(WORK, "odf"), ignore_errors=True)


main()
