"""Runs pe2fsck -fn and e2fsck -fn on one image and says how pe2fsck did against e2fsck.

Classes, worst first: hang (pe2fsck timed out), crash (a Java stack trace, an "internal error",
an exception's name in pe2fsck's own error line, or pe2fsck exit >= 8 where e2fsck exits < 8),
write (the image changed under -n), false-alarm (pe2fsck 4, e2fsck 0), miss (pe2fsck 0,
e2fsck 4, or 12: errors found, then aborted), e2-aborted (pe2fsck 4, e2fsck 12: both find
errors, e2fsck -n gives up on one it may not fix, pe2fsck goes on), other (any other
difference of exit codes) and agree.

One kind of crash is counted apart, as fallback: pe2fsck gives up with a clear error line
(exit >= 8, no trace) where e2fsck says it went on from the backup superblock or descriptors
(exit < 8). Falling back to the backups is the opening step's work, not done yet; these are
listed, not failed.
"""
import hashlib
import re
import subprocess

from bases import _env

FAILING = ("hang", "crash", "write", "false-alarm")
CLASSES = ("hang", "crash", "fallback", "write", "false-alarm", "miss", "e2-aborted", "other",
           "agree")
_EXCEPTION = re.compile(r"^pe2fsck: .*\b[A-Za-z]+(Exception|Error)\b", re.M)


def _sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _run(cmd, timeout):
    try:
        p = subprocess.run(cmd, env=_env(None), capture_output=True, text=True,
                           errors="replace", timeout=timeout)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"") + (e.stderr or b"")
        return None, out.decode(errors="replace") if isinstance(out, bytes) else out


def first_line(text):
    """The line that tells most about a run: an error line if there is one, else the first."""
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("Pass ")]
    for l in lines:
        if l.startswith("pe2fsck:") or "internal error" in l or "Exception" in l:
            return l.strip()
    return lines[0].strip() if lines else ""


def judge(pe2fsck, img, timeout):
    """(class, pe2fsck exit, e2fsck exit, pe2fsck output) for IMG."""
    before = _sha(img)
    pe_rc, pe_out = _run([pe2fsck, "-fn", img], timeout)
    changed = _sha(img) != before
    e2_rc, e2_out = _run(["e2fsck", "-fn", img], timeout)
    if pe_rc is None:
        cls = "hang"
    elif ("\tat " in pe_out and "Exception" in pe_out) or "internal error" in pe_out \
            or _EXCEPTION.search(pe_out):
        cls = "crash"
    elif pe_rc >= 8 and e2_rc is not None and e2_rc < 8:
        cls = "fallback" if "backup" in e2_out else "crash"
    elif changed:
        cls = "write"
    elif pe_rc == e2_rc:
        cls = "agree"
    elif pe_rc == 4 and e2_rc == 0:
        cls = "false-alarm"
    elif pe_rc == 0 and e2_rc in (4, 12):
        cls = "miss"
    elif pe_rc == 4 and e2_rc == 12:
        cls = "e2-aborted"
    else:
        cls = "other"
    return cls, pe_rc, e2_rc, pe_out
