"""The catalogue's house rules, as warnings with their reason: two test cases, a legal reference, a § in syfte.

They are warnings, not errors: a local indicator still works without them, but a definition that
follows them proves its boundaries and tells the reader why it matters. docs/indikatorformat.md
states the same rules; the engine's own catalogue keeps all of them (tests/definitions/test_project_files.py).
"""

from __future__ import annotations

from suengine.definitions.context import Context
from suengine.definitions.issues import Issue
from suengine.definitions.model import Indicator

MIN_TEST_CASES = 2


def check_house_rules(ind: Indicator, ctx: Context) -> list[Issue]:
    issues = []
    if len(ind.tests) < MIN_TEST_CASES:
        issues.append(ctx.warn(
            ("testfall",),
            f"husregel: minst {MIN_TEST_CASES} testfall (har {len(ind.tests)}) – ett där posten räknas och ett strax utanför "
            "gränsen, så att testerna visar att indikatorn skiljer rätt",
        ))
    if not ind.legal:
        issues.append(ctx.warn(
            ("id",),
            "husregel: lagrum saknas – ange lagen, kapitlet och paragrafen som indikatorn följer upp (lagrum: [{lag, kapitel, paragraf, text}])",
        ))
    if "§" not in ind.purpose:
        issues.append(ctx.warn(
            ("syfte",),
            "husregel: syftet nämner ingen paragraf (§) – hänvisa till lagrummet, t.ex. '11 kap. 10 § SoL', så att läsaren ser varför måttet är viktigt",
        ))
    return issues
