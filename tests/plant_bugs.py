"""Plant each of issue 20's bugs once and run the tests that should catch it (tests/MUTATION.md).

Run it on a throwaway clone with its own virtual environment (the build tests start `python -m
suengine` in a subprocess, which must import the clone's planted code):

    git clone . /tmp/plant && (cd /tmp/plant && make install)
    .venv/bin/python tests/plant_bugs.py /tmp/plant [part of a bug's name ...]

Each bug is planted alone, its tests run, and the file restored; "CAUGHT" means a test failed.
"""
import os
import pathlib
import subprocess
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/plant")
PY = str(root / ".venv" / "bin" / "python")
plants = [
    ("kvot by kön: the other sex's population", "src/suengine/engine/measures.py",
     "sexes = (sexes if sexes is not None else {stratum}) & {stratum}",
     "sexes = (sexes if sexes is not None else {'flicka', 'pojke'} - {stratum}) & ({'flicka', 'pojke'} - {stratum})",
     ["tests/engine/test_measures.py", "-k", "populations_differ"]),
    ("internal table written as resultat.csv", "src/suengine/build.py",
     "write_csv(published, staged / RESULTS_CSV)", "write_csv(results.table, staged / RESULTS_CSV)",
     ["tests/test_build.py", "-k", "complete_version"]),
    ("previous value next to a hidden previous year", "src/suengine/publish/disclosure.py",
     'out.loc[previous_hidden, ["föregående_värde", "förändring"]] = None', "pass",
     ["tests/engine/test_published_form.py", "tests/test_checker.py"]),
    ("auxiliary count 4 published at threshold 5", "src/suengine/publish/disclosure.py",
     "if 0 < value < linked.limit(row):", "if 0 < value < linked.limit(row) - 1:",
     ["tests/engine/test_disclosure.py", "-k", "threshold_edges"]),
    ("lower edge of a före window", "src/suengine/engine/sql.py",
     "{'>=' if node.direction == 'före' else '<='}", "{'>' if node.direction == 'före' else '<='}",
     ["tests/engine/test_window_edges.py"]),
    ("urval shown next to a small rest", "src/suengine/publish/disclosure_links.py",
     "or self._rest_leaks(i)):", "):",
     ["tests/engine/test_urval_rest.py"]),
    ("hidden urval left shown in the other rows of its period", "src/suengine/publish/disclosure_links.py",
     "changed |= self.hide(linked.urval_group.get(i, []))", "pass",
     ["tests/engine/test_urval_rest.py"]),
]
only = sys.argv[2:]
for name, path, old, new, tests in plants:
    if only and not any(o in name for o in only):
        continue
    f = root / path
    text = f.read_text()
    assert text.count(old) == 1, (name, text.count(old))
    f.write_text(text.replace(old, new))
    try:
        r = subprocess.run([PY, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests], cwd=root, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(root / "src")})
        last = [l for l in r.stdout.splitlines() if l.strip()][-1:]
        print(f"{'CAUGHT' if r.returncode else 'MISSED'}: {name}: {last}", flush=True)
    finally:
        f.write_text(text)
