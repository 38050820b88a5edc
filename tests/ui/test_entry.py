"""The desktop app's entry point, as a user's start runs it (in a process of its own)."""

from __future__ import annotations

import os
import subprocess
import sys

#: Runs the entry point in a fresh process (its ``app.quit()`` would end every later event
#: loop of a test process) with a garbage cycle the entry point alone may free.
_SCRIPT = """
import gc, sys, weakref

class Node:
    pass

gc.disable()
node = Node()
node.itself = node
alive = weakref.ref(node)
del node
from cimcheck_ui import app, workers
code = app.main(["--screenshot", sys.argv[1], "--lang", "zh"])
frozen = gc.get_freeze_count()
workers.freeze_startup()
print(code, frozen, gc.get_freeze_count(), alive() is None)
"""


def test_the_entry_point_freezes_what_it_imported_and_no_garbage(tmp_path):
    # Every full collection walked the 226,000 objects of the app's imports (0.09–0.14 s
    # of the UI thread each time); the entry point freezes them once. Garbage frozen with
    # them would never be freed (Qt wrappers of deleted objects then came back for new
    # objects at the same address), so it collects first.
    shot = tmp_path / "shot.png"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(shot)], capture_output=True,
                          text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    code, frozen, again, freed = done.stdout.split()[-4:]
    assert code == "0" and shot.is_file()
    assert int(frozen) > 50_000                 # Qt, VTK, numpy… (226,000 measured)
    assert int(again) == int(frozen)            # once per process
    assert freed == "True"                      # collected before, not frozen
