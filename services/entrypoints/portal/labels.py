"""The record's words (wire codes of statuses, phases, motions, ...) as people read them; each
marked for the catalogue, so the French page says « siégeant » where the log says ``seated``.
A code without a label is shown as the log has it.

French agrees a status with its noun (an amendment « rejeté », a recommendation « rejetée »,
a session « close », a ballot « clos »): ``AGREEING`` gives such a code a message of its own,
in the context of the noun it qualifies (``NC_(noun, text)``, gettext's ``pgettext``)."""

from __future__ import annotations

from collections.abc import Callable

from services.entrypoints.portal import i18n
from services.entrypoints.portal.i18n import N_, NC_

LABELS: dict[str, str] = {
    # members
    "invited": N_("invited"),
    "accepted": N_("accepted"),
    "declined": N_("declined"),
    "seated": N_("seated"),
    "withdrew": N_("withdrew"),
    "removed": N_("removed"),
    "reserve": N_("reserve"),
    # sub-pools
    "electoral-rolls": N_("electoral rolls"),
    "non-eu-residents": N_("non-EU residents"),
    "minors": N_("minors"),
    # phases
    "discovery": N_("discovery"),
    "recommendations": N_("recommendations"),
    # sessions
    "plenary": N_("plenary"),
    "working-group": N_("working group"),
    "scheduled": N_("scheduled"),
    "open": N_("open"),
    "closed": N_("closed"),
    "cancelled": N_("cancelled"),
    # ballots
    "amendment": N_("amendment"),
    "recommendation": N_("recommendation"),
    "mandate": N_("mandate"),
    "secret": N_("secret"),
    "roll-call": N_("roll call"),
    "simple-majority": N_("simple majority"),
    "absolute-majority": N_("absolute majority"),
    "two-thirds": N_("two thirds"),
    "consensus": N_("consensus"),
    "not-counted": N_("not counted"),
    "counted": N_("counted"),
    # recommendations and follow-up
    "draft": N_("draft"),
    "adopted": N_("adopted"),
    "not-adopted": N_("not adopted"),
    "rejected": N_("rejected"),
    "submitted": N_("submitted"),
    "answered": N_("answered"),
    "presented to the Council": N_("presented to the Council"),
    "Council adopted": N_("Council adopted"),
    "Council rejected": N_("Council rejected"),
    "Council decided": N_("Council decided"),
    "tabled": N_("tabled"),
    "withdrawn": N_("withdrawn"),
    "voting": N_("voting"),
    "lapsed": N_("lapsed"),
    "partly-accepted": N_("partly accepted"),
    "voeu": N_("vœu"),
    "deliberation": N_("deliberation"),
    "planned": N_("planned"),
    "under-way": N_("under way"),
    "completed": N_("completed"),
    "abandoned": N_("abandoned"),
    "drafted": N_("drafted"),
    "revised": N_("revised"),
    "implementation": N_("implementation"),
    # themes
    "social education": N_("social education"),
    "environment": N_("environment"),
    "public space": N_("public space"),
    # the charter's rules
    "same-subpool-in-reserve-order": N_("a reserve of the same sub-pool, in reserve order"),
    "same-subpool-most-criteria": N_(
        "a reserve of the same sub-pool sharing the most criteria, then in reserve order"
    ),
    # kinds of fact (the timeline's words for a fact it has no sentence for)
    "pool entered": N_("pool entered"),
    "pool committed": N_("pool committed"),
    "quotas committed": N_("quotas committed"),
    "tickets committed": N_("tickets committed"),
    "randomness declared": N_("randomness declared"),
    "randomness revealed": N_("randomness revealed"),
    "panel drawn": N_("panel drawn"),
    "draw opened": N_("draw opened"),
    "draw announced": N_("draw announced"),
    "phase opened": N_("phase opened"),
    "invitation accepted": N_("invitation accepted"),
    "invitation declined": N_("invitation declined"),
    "member seated": N_("member seated"),
    "member withdrew": N_("member withdrew"),
    "member removed": N_("member removed"),
    "working group chosen": N_("working group chosen"),
    "session scheduled": N_("session scheduled"),
    "session postponed": N_("session postponed"),
    "session cancelled": N_("session cancelled"),
    "session opened": N_("session opened"),
    "expert heard": N_("expert heard"),
    "attendance recorded": N_("attendance recorded"),
    "session closed": N_("session closed"),
    "minutes recorded": N_("minutes recorded"),
    "training scheduled": N_("training scheduled"),
    "training attended": N_("training attended"),
    "recommendation drafted": N_("recommendation drafted"),
    "amendment tabled": N_("amendment tabled"),
    "amendment withdrawn": N_("amendment withdrawn"),
    "recommendations submitted": N_("recommendations submitted"),
    "executive responded": N_("executive responded"),
    "fact": N_("fact"),
    # why the registry was opened
    "invitation": N_("invitation"),
    "reminder": N_("reminder"),
    "convocation": N_("convocation"),
    # criteria
    "gender": N_("gender"),
    "age_band": N_("age band"),
    "education": N_("education"),
    "arrondissement": N_("arrondissement"),
}

# (noun, code) -> a message in the context of that noun: what the page says of one
AGREEING: dict[tuple[str, str], str] = {
    # a member's status (« un membre », the generic masculine of the law's texts)
    ("member", "invited"): NC_("member", "invited"),
    ("member", "accepted"): NC_("member", "accepted"),
    ("member", "declined"): NC_("member", "declined"),
    ("member", "seated"): NC_("member", "seated"),
    ("member", "withdrew"): NC_("member", "withdrew"),
    ("member", "removed"): NC_("member", "removed"),
    ("member", "reserve"): NC_("member", "reserve"),
    # a session (« une séance »)
    ("session", "scheduled"): NC_("session", "scheduled"),
    ("session", "open"): NC_("session", "open"),
    ("session", "closed"): NC_("session", "closed"),
    ("session", "cancelled"): NC_("session", "cancelled"),
    # a ballot (« un scrutin »)
    ("ballot", "open"): NC_("ballot", "open"),
    ("ballot", "closed"): NC_("ballot", "closed"),
    # an amendment (« un amendement »)
    ("amendment", "tabled"): NC_("amendment", "tabled"),
    ("amendment", "withdrawn"): NC_("amendment", "withdrawn"),
    ("amendment", "voting"): NC_("amendment", "voting"),
    ("amendment", "adopted"): NC_("amendment", "adopted"),
    ("amendment", "rejected"): NC_("amendment", "rejected"),
    ("amendment", "lapsed"): NC_("amendment", "lapsed"),
    ("amendment", "not-adopted"): NC_("amendment", "not adopted"),
    # a mandate (« un mandat »)
    ("mandate", "adopted"): NC_("mandate", "adopted"),
    ("mandate", "rejected"): NC_("mandate", "rejected"),
    ("mandate", "not-adopted"): NC_("mandate", "not adopted"),
    # a recommendation (« une recommandation »): its stage, the executive's answer, the Council's
    ("recommendation", "draft"): NC_("recommendation", "draft"),
    ("recommendation", "adopted"): NC_("recommendation", "adopted"),
    ("recommendation", "rejected"): NC_("recommendation", "rejected"),
    ("recommendation", "not-adopted"): NC_("recommendation", "not adopted"),
    ("recommendation", "withdrawn"): NC_("recommendation", "withdrawn"),
    ("recommendation", "submitted"): NC_("recommendation", "submitted"),
    ("recommendation", "accepted"): NC_("recommendation", "accepted"),
    ("recommendation", "partly-accepted"): NC_("recommendation", "partly accepted"),
    # a value of a criterion, in the criterion's words
    ("gender", "f"): NC_("gender", "woman"),
    ("gender", "m"): NC_("gender", "man"),
    ("gender", "x"): NC_("gender", "other"),
    ("education", "none"): NC_("education", "no diploma"),
    ("education", "cap-bep"): NC_("education", "CAP or BEP"),
    # a threshold as a rule requires it (« requiert la majorité simple », « le consensus »)
    ("requires", "simple-majority"): NC_("requires", "simple majority"),
    ("requires", "absolute-majority"): NC_("requires", "absolute majority"),
    ("requires", "two-thirds"): NC_("requires", "two thirds"),
    ("requires", "consensus"): NC_("requires", "consensus"),
}


def labeller(language: str) -> Callable[..., str]:
    """``label(code)``: a code of the record in words; ``label(code, noun)``: agreeing with the
    noun it qualifies (« adopté » of an amendment, « adoptée » of a recommendation)."""
    translated = i18n.translations(language)

    def label(code: str | None, noun: str | None = None) -> str:
        agreeing = AGREEING.get((noun, code)) if noun is not None and code is not None else None
        if noun is not None and agreeing is not None:
            return translated.pgettext(noun, agreeing)
        return translated.gettext(LABELS[code]) if code in LABELS else (code or i18n.NOTHING)

    return label
