"""A Paris-like year, scripted: the demo's story and the benchmark's workload.

Cohort 2025: convened, panel drawn (80 from the electoral rolls, 15 non-EU
residents, 5 minors, with reserves), acceptances and declines with reserves
called, a withdrawal and its replacement, three working groups, sessions in
both phases with attendance and experts, amendments rejected and adopted, a
ballot that fails quorum and is re-run, recommendations adopted, submitted,
answered by the executive (one answer late), presented to the Council.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from commands.application import AssemblyRecord
from commands.draw_messages import CommitDraw, RevealDraw
from commands.messages import (
    AcceptInvitation,
    AssemblyCommand,
    CallReserve,
    CancelSession,
    CastVotes,
    ChooseWorkingGroup,
    CloseBallot,
    CloseSession,
    ConveneAssembly,
    DeclineInvitation,
    DraftRecommendation,
    HearExpert,
    LookUpContacts,
    OpenBallot,
    OpenPhase,
    OpenSession,
    PostponeSession,
    PresentToCouncil,
    ReceivePanel,
    RecordAttendance,
    RecordCouncilDecision,
    RecordExecutiveResponse,
    RecordMinutes,
    RecordTrainingAttendance,
    ReportImplementation,
    ScheduleSession,
    ScheduleTraining,
    SeatMember,
    SubmitRecommendations,
    TableAmendment,
    WithdrawMember,
)
from core.assembly import actors, contacts
from core.assembly.ballots.model import Choice, Motion, MotionKind, Tally
from core.assembly.charter import Charter, Phase, Secrecy, cohort_id
from core.assembly.followup.model import CouncilDecision, Instrument, Response, Stage
from core.assembly.membership.facts import PanelArrived
from core.assembly.membership.members import Drawn, Status
from core.assembly.sittings.model import Expert, Presence, SessionKind
from core.draw.events import Ceremony, DiceRolled
from core.draw.verify import verify
from services.application.draw import quotas as quota_files
from services.application.draw import synthetic

CLERK = "clerk:greffe"
Drawing = CommitDraw | RevealDraw
EXECUTIVE = "executive:cabinet-maire"
NAME = "Assemblée citoyenne de Paris"
SUBPOOLS = (
    ("electoral-rolls", "ele", 80, 10),
    ("non-eu-residents", "res", 15, 3),
    ("minors", "min", 5, 2),
)
GENDERS, AGES = ("f", "m"), ("16-17", "18-29", "30-44", "45-59", "60+")
EDUCATION = ("none", "bac", "bac+2", "bac+5")


@dataclass(frozen=True)
class Volume:
    """How much happens in the year; the bench scales it up to Paris's real volume."""

    discovery_sessions: int = 4
    recommendation_sessions: int = 4
    amendments_per_recommendation: int = 2
    extra_ballots: int = 0  # mandates voted in plenaries, to reach realistic ballot counts


DEMO = Volume()
PARIS = Volume(
    discovery_sessions=20,
    recommendation_sessions=20,
    amendments_per_recommendation=16,
    extra_ballots=27,
)


@dataclass
class Story:
    """What happened, for the summary."""

    assembly_id: UUID
    lines: list[str] = field(default_factory=list)
    commands: int = 0
    position: int = 0


def _digit(*parts: object) -> int:
    return hashlib.sha256(repr(parts).encode()).digest()[0]


def _drawn(prefix: str, subpool: str, i: int, reserve: bool) -> Drawn:
    name = f"{prefix}-{'r' if reserve else ''}{i:03d}"
    return Drawn(
        pseudonym=name,
        subpool=subpool,
        criteria={
            "gender": GENDERS[_digit(name, 1) % 2],
            "age": "16-17" if subpool == "minors" else AGES[1 + _digit(name, 2) % 4],
            "education": EDUCATION[_digit(name, 3) % 4],
            "arrondissement": str(1 + _digit(name, 4) % 20),
        },
    )


class Year:
    def __init__(
        self,
        app: AssemblyRecord,
        volume: Volume,
        say: Callable[[str], None],
        pool_size: int | None = None,
        algorithm: str = "leximin",
    ) -> None:
        self.app, self.volume, self.say = app, volume, say
        self.pool_size, self.algorithm = pool_size, algorithm
        self.name = _free_series(app)
        self.id = cohort_id(self.name, 2025)
        self.story = Story(self.id)
        self.day = datetime(2025, 1, 15, 18, 0, tzinfo=UTC)

    def _do(self, command_type: Callable[..., AssemblyCommand | Drawing], **fields: Any) -> int:
        """An act of the year, by its command (core.assembly.acts; the draw's by its own two
        commands), now, by the clerk unless someone else is named."""
        fields.setdefault("by", CLERK)
        command = command_type(assembly_id=self.id, at=self.day, **fields)
        if isinstance(command, CommitDraw):
            self.story.position = self.app.commit_draw(command)
        elif isinstance(command, RevealDraw):
            self.story.position = self.app.reveal_draw(command)
        else:
            self.story.position = self.app.execute(command)
        self.story.commands += 1
        return self.story.position

    def _tell(self, line: str) -> None:
        self.story.lines.append(line)
        self.say(line)

    def _later(self, days: int) -> None:
        self.day += timedelta(days=days)

    def run(self) -> Story:
        self.convene_and_draw()
        self.answer_invitations()
        self.discovery()
        self.recommendations_phase()
        self.after_the_assembly()
        return self.story

    # -- the panel --------------------------------------------------------------------------

    def convene_and_draw(self) -> None:
        charter = Charter(
            name=self.name,
            cohort=2025,
            term_start=date(2025, 1, 15),
            term_end=date(2026, 1, 14),
            subpool_seats={s: n for s, _, n, _ in SUBPOOLS},
        )
        self.day = datetime(2025, 1, 10, 18, 0, tzinfo=UTC)
        self.story.position = self.app.execute(
            ConveneAssembly(charter=charter, at=self.day, by=CLERK)
        )
        self.story.commands += 1
        if self.pool_size:
            self.draw_by_lot(self.pool_size)
            return
        panel = tuple(_drawn(p, s, i, False) for s, p, n, _ in SUBPOOLS for i in range(n))
        reserves = tuple(_drawn(p, s, i, True) for s, p, _, r in SUBPOOLS for i in range(r))
        self._later(5)
        self._do(ReceivePanel, panel=panel, reserves=reserves)
        self._tell(
            f"convened the Assemblée citoyenne de Paris 2025; the drawn panel arrives: "
            f"{len(panel)} invited (80 electoral rolls, 15 non-EU residents, 5 minors), "
            f"{len(reserves)} reserves"
        )

    def draw_by_lot(self, size: int) -> None:
        """The draw itself: a synthetic pool committed with census quotas and LEXIMIN ticket
        lists, a dice ceremony under a bailiff, the panel drawn and verified from the log."""
        vocabulary = self.app.assembly(self.id).charter.vocabulary
        entries = synthetic.entries(size, "paris-2025", vocabulary)
        seats = {s: n for s, _, n, _ in SUBPOOLS}
        ceremony = Ceremony(
            starts_at=self.day + timedelta(days=5),
            place="Hôtel de Ville, salle des fêtes",
            bailiff="Maître Durand, commissaire de justice",
            witnesses=("Observer, Conseil de Paris",),
            dice=2,
            sides=10,
            rolls=4,
        )
        self._do(
            CommitDraw,
            entries=tuple(entries),
            quotas=quota_files.from_census(seats, 0.3, vocabulary),
            ceremony=ceremony,
            algorithm=self.algorithm,
        )
        draw = self.app.draw(self.app.assembly(self.id).draw or uuid4())
        minimum = min(float(t.minimum) for t in draw.lotteries.values())
        self._tell(
            f"convened the Assemblée citoyenne de Paris 2025; committed a pool of {size} "
            f"(Merkle root {draw.pool.root[:16]}…), census quotas ±30 %, 1,000 "
            f"{self.algorithm.upper()} tickets per sub-pool "
            f"(lowest selection probability {minimum:.4f})"
            if draw.pool
            else "no pool"
        )
        self._later(5)
        rolled = DiceRolled(digits="31415926", signed_by=ceremony.signatories)
        self._do(RevealDraw, dice=rolled)
        events = self.app.draw_events(draw.id)
        arrived = [e for e in self.app.events.get(self.id) if isinstance(e, PanelArrived)]
        vocabulary = self.app.assembly(self.id).charter.vocabulary
        problems = verify(events, arrived, vocabulary=vocabulary)
        drawn = self.app.draw(draw.id)
        self._tell(
            f"dice rolled under the bailiff ({rolled.digits}); seed {drawn.revealed.seed[:16]}…; "
            f"tickets {', '.join(f'{s} #{d.ticket}' for s, d in sorted(drawn.drawn.items()))}; "
            f"{sum(len(d.panel) for d in drawn.drawn.values())} invited — "
            + ("re-derived from the log: verified" if not problems else f"{problems}")
            if drawn.revealed
            else "not revealed"
        )

    def _invitee(self, subpool: str, rank: int) -> str:
        """The rank-th person invited from a sub-pool, in the panel's order."""
        invited = [
            m.pseudonym
            for m in self.app.assembly(self.id).members.values()
            if m.subpool == subpool and m.reserve_rank is None and m.replaces is None
        ]
        return invited[rank]

    def send_invitations(self) -> None:
        """The clerk reads the invitation list from the registry to send the letters: the
        look-up is recorded (who read whose contacts, why), the contacts never are."""
        listed = tuple(m.pseudonym for m in contacts.call_order(self.app.assembly(self.id)))
        command = LookUpContacts(
            assembly_id=self.id,
            at=self.day,
            by=CLERK,
            members=listed,
            purpose=contacts.Purpose.INVITATION,
        )
        self.story.position, _ = self.app.look_up_contacts(command, lambda: None)
        self.story.commands += 1
        self._tell(
            f"the clerk looked up the invitation list ({len(listed)} drawn and reserves, in "
            "call order): the look-up is on the log, the contacts stay in the registry"
        )

    def answer_invitations(self) -> None:
        decliners = (
            self._invitee("electoral-rolls", 7),
            self._invitee("non-eu-residents", 2),
            self._invitee("minors", 1),
        )
        self._later(1)
        self.send_invitations()
        self._later(9)
        for member in list(self.app.assembly(self.id).members.values()):
            if member.status is not Status.INVITED:
                continue
            if member.pseudonym in decliners:
                self._do(
                    DeclineInvitation,
                    member=member.pseudonym,
                    reason="cannot commit for a year",
                    by=actors.member(member.pseudonym),
                )
            else:
                self._do(
                    AcceptInvitation,
                    member=member.pseudonym,
                    by=actors.member(member.pseudonym),
                )
        called = [self.replace(d) for d in decliners]
        self._tell(
            f"{100 - len(decliners)} accepted, {len(decliners)} declined; reserves "
            f"{', '.join(called)} called by the committed rule and accepted"
        )
        self._later(7)
        for member in list(self.app.assembly(self.id).members.values()):
            if member.status is Status.ACCEPTED:
                self._do(SeatMember, member=member.pseudonym)
        themes = self.app.assembly(self.id).charter.themes
        for i, member in enumerate(self.app.assembly(self.id).seated()):
            self._do(
                ChooseWorkingGroup,
                member=member.pseudonym,
                group=themes[i % 3],
                by=actors.member(member.pseudonym),
            )
        self._tell(
            f"{len(self.app.assembly(self.id).seated())} seated in the working groups "
            f"{', '.join(themes)}"
        )

    def replace(self, vacated: str) -> str:
        self._do(CallReserve, vacated=vacated)
        reserve = self.app.assembly(self.id).members[vacated].replaced_by
        assert reserve is not None
        self._do(AcceptInvitation, member=reserve, by=actors.member(reserve))
        return reserve

    # -- sessions ---------------------------------------------------------------------------

    def sitting(
        self,
        title: str,
        group: str | None,
        *,
        present_share: int = 92,
        expert: Expert | None = None,
        postponed: str | None = None,
    ) -> UUID:
        """Schedule and open a session (``postponed`` for that reason two days first), hear an
        expert, take attendance; left open."""
        kind = SessionKind.WORKING_GROUP if group else SessionKind.PLENARY
        session = uuid4()
        self._do(
            ScheduleSession,
            kind=kind,
            group=group,
            title=title,
            starts_at=self.day,
            agenda=(title,),
            session_id=session,
        )
        if postponed is not None:
            later = self.day + timedelta(days=2)
            fields = {"session_id": session, "starts_at": later, "reason": postponed}
            self._do(PostponeSession, **fields)
            self._later(2)
            self._tell(f"{title!r} postponed by two days: {postponed}")
        self._do(OpenSession, session_id=session)
        if expert is not None:
            self._do(HearExpert, session_id=session, expert=expert)
        members = [m for m in self.app.assembly(self.id).seated() if group in (None, m.group)]
        presence = {m.pseudonym: self._presence(m.pseudonym, title, present_share) for m in members}
        self._do(RecordAttendance, session_id=session, presence=presence)
        return session

    def _presence(self, member: str, title: str, present_share: int) -> Presence:
        roll = _digit(member, title) % 100
        if roll < present_share:
            return Presence.PRESENT
        return Presence.EXCUSED if roll % 2 else Presence.ABSENT

    def adjourn(self, session: UUID) -> None:
        self._do(CloseSession, session_id=session)
        minutes = hashlib.sha256(f"minutes of {session}".encode()).hexdigest()
        self._do(
            RecordMinutes,
            session_id=session,
            sha256=minutes,
            location=f"https://www.paris.fr/assemblee-citoyenne/pv/{session}.pdf",
        )
        self._later(7)

    def training(self, topic: str, trainer: str, *, present_share: int = 85) -> UUID:
        """A training for every seated member, its attendance taken as it begins."""
        training = uuid4()
        self._do(
            ScheduleTraining,
            topic=topic,
            trainer=trainer,
            starts_at=self.day,
            training_id=training,
        )
        members = self.app.assembly(self.id).seated()
        presence = {m.pseudonym: self._presence(m.pseudonym, topic, present_share) for m in members}
        self._do(
            RecordTrainingAttendance,
            training_id=training,
            presence=presence,
        )
        self._later(2)
        return training

    def trainings(self) -> None:
        """The Paris commitment: those drawn are supported to overcome any feeling of
        illegitimacy, trained in public speaking and in deciphering current events."""
        held = [
            self.training("public speaking", "Mme C. Lemoine, Cours Florent"),
            self.training("deciphering current events", "M. K. Benali, CLEMI"),
        ]
        trained = self.app.assembly(self.id).trainings.values()
        present = sum(len(t.present()) for t in trained)
        self._tell(
            f"{len(held)} trainings for the members (public speaking; deciphering current "
            f"events): {present} attendances recorded present"
        )

    def discovery(self) -> None:
        self._later(7)
        self._do(OpenPhase, phase=Phase.DISCOVERY)
        self.trainings()
        themes = self.app.assembly(self.id).charter.themes
        for k in range(self.volume.discovery_sessions):
            group = None if k % 4 == 0 else themes[k % 3]
            expert = Expert(name="Dr. A. Martin", affiliation="Sciences Po", topic=themes[k % 3])
            strike = "a public transport strike" if k == 2 else None
            self.adjourn(self.sitting(f"Discovery {k + 1}", group, expert=expert, postponed=strike))
            if k == 1:
                self.withdrawal()
                self.cancelled_sitting("Site visit", "the venue closed for safety works")
        self._tell(
            f"discovery phase: {self.volume.discovery_sessions} sessions with "
            "attendance, experts heard, minutes recorded by hash"
        )

    def cancelled_sitting(self, title: str, reason: str) -> None:
        """A plenary scheduled three days on, cancelled before it sits: it never opens."""
        session = uuid4()
        self._do(
            ScheduleSession,
            kind=SessionKind.PLENARY,
            title=title,
            starts_at=self.day + timedelta(days=3),
            agenda=(title,),
            session_id=session,
        )
        self._do(CancelSession, session_id=session, reason=reason)
        self._tell(f"{title!r} cancelled: {reason}")

    def withdrawal(self) -> None:
        leaving = self._invitee("electoral-rolls", 42)
        group = self.app.assembly(self.id).members[leaving].group
        self._do(
            WithdrawMember,
            member=leaving,
            reason="moved to Lyon for work",
            by=actors.member(leaving),
        )
        reserve = self.replace(leaving)
        self._do(SeatMember, member=reserve)
        self._do(
            ChooseWorkingGroup,
            member=reserve,
            group=group or "environment",
            by=actors.member(reserve),
        )
        self._tell(
            f"{leaving} withdrew (moved to Lyon); reserve {reserve} took the seat in "
            f"the {group} group"
        )

    # -- recommendations --------------------------------------------------------------------

    def ballot(
        self, session: UUID, motion: Motion, *, adopt: bool, secrecy: Secrecy = Secrecy.SECRET
    ) -> str:
        """Open, vote (every seated member present), close; the outcome's rule in words."""
        ballot = uuid4()
        self._do(
            OpenBallot,
            session_id=session,
            motion=motion,
            secrecy=secrecy,
            ballot_id=ballot,
        )
        state = self.app.assembly(self.id)
        voters = sorted(state.sessions[session].present())
        choices = {m: self._choice(m, ballot, adopt) for m in voters}
        secret = secrecy is Secrecy.SECRET  # the tellers count these; the log only who voted
        votes = {m: None if secret else c for m, c in choices.items()}
        self._do(CastVotes, ballot_id=ballot, votes=votes)
        count = None
        if secrecy is Secrecy.SECRET:
            values = list(choices.values())
            count = Tally(
                in_favour=values.count(Choice.IN_FAVOUR),
                against=values.count(Choice.AGAINST),
                abstentions=values.count(Choice.ABSTAIN),
            )
        self._do(CloseBallot, ballot_id=ballot, count=count)
        outcome = self.app.assembly(self.id).ballots[ballot].outcome
        assert outcome is not None
        verdict = "adopted" if outcome.adopted else "not adopted"
        return f"{verdict} ({outcome.rule})"

    @staticmethod
    def _choice(member: str, ballot: UUID, adopt: bool) -> Choice:
        roll = _digit(member, ballot) % 10
        if roll == 0:
            return Choice.ABSTAIN
        favour = roll <= (8 if adopt else 3)
        return Choice.IN_FAVOUR if favour else Choice.AGAINST

    def recommendations_phase(self) -> None:
        self._later(7)
        self._do(OpenPhase, phase=Phase.RECOMMENDATIONS)
        recs: dict[str, UUID] = {}
        for theme in self.app.assembly(self.id).charter.themes:
            session = self.sitting(f"Drafting: {theme}", theme)
            recs[theme] = uuid4()
            self._do(
                DraftRecommendation,
                group=theme,
                title=TITLES[theme],
                text=TEXTS[theme],
                recommendation_id=recs[theme],
            )
            self.adjourn(session)
        self._tell(
            f"recommendations phase: {len(recs)} recommendations drafted by the working groups"
        )
        mandate = Motion(
            kind=MotionKind.MANDATE, subject=None, text="Hear the deputy mayor for the environment"
        )
        thin = self.sitting("Plenary (thin attendance)", None, present_share=40)
        result = self.ballot(thin, mandate, adopt=True, secrecy=Secrecy.ROLL_CALL)
        self._tell(f"ballot on the mandate, thin plenary: {result}")
        self.adjourn(thin)
        jobs = self._ballot_jobs(recs, mandate)
        plenaries = max(self.volume.recommendation_sessions - len(recs) - 1, 1)
        per_sitting = -(-len(jobs) // plenaries)
        for k in range(plenaries):
            session = self.sitting(f"Plenary {k + 1}", None)
            for job in jobs[k * per_sitting : (k + 1) * per_sitting]:
                job(session)
            self.adjourn(session)

    def _ballot_jobs(self, recs: dict[str, UUID], mandate: Motion) -> list[Callable[[UUID], None]]:
        def rerun(session: UUID) -> None:
            self._tell(
                f"the mandate, re-run with quorum: {self.ballot(session, mandate, adopt=True)}"
            )

        def amend(theme: str, k: int) -> Callable[[UUID], None]:
            def job(session: UUID) -> None:
                rec = self.app.assembly(self.id).recommendations[recs[theme]]
                author = sorted(self.app.assembly(self.id).sessions[session].present())[k]
                amendment = uuid4()
                self._do(
                    TableAmendment,
                    recommendation_id=rec.id,
                    member=author,
                    text=f"{rec.current.text} Amendment {k + 1}.",
                    amendment_id=amendment,
                    by=actors.member(author),
                )
                adopt = k % 2 == 1
                motion = Motion(
                    kind=MotionKind.AMENDMENT,
                    subject=amendment,
                    text=f"amendment {k + 1} to {rec.title!r}",
                )
                result = self.ballot(session, motion, adopt=adopt)
                if k < 2:
                    self._tell(f"amendment {k + 1} to {rec.title!r} by {author}: {result}")

            return job

        def adopt(theme: str) -> Callable[[UUID], None]:
            def job(session: UUID) -> None:
                rec = recs[theme]
                motion = Motion(kind=MotionKind.RECOMMENDATION, subject=rec, text=TITLES[theme])
                result = self.ballot(session, motion, adopt=True, secrecy=Secrecy.ROLL_CALL)
                version = self.app.assembly(self.id).recommendations[rec].current.number
                self._tell(f"recommendation {TITLES[theme]!r} (text version {version}): {result}")

            return job

        def extra(k: int) -> Callable[[UUID], None]:
            def job(session: UUID) -> None:
                motion = Motion(
                    kind=MotionKind.MANDATE, subject=None, text=f"Procedural motion {k + 1}"
                )
                self.ballot(session, motion, adopt=k % 3 != 0)

            return job

        jobs: list[Callable[[UUID], None]] = [rerun]
        for theme in recs:
            jobs += [amend(theme, k) for k in range(self.volume.amendments_per_recommendation)]
            jobs.append(adopt(theme))
        jobs += [extra(k) for k in range(self.volume.extra_ballots)]
        return jobs

    # -- after the assembly -----------------------------------------------------------------

    def after_the_assembly(self) -> None:
        state = self.app.assembly(self.id)
        adopted = tuple(r.id for r in state.recommendations.values() if r.status.value == "adopted")
        package = uuid4()
        self.day = datetime(2025, 12, 10, 10, 0, tzinfo=UTC)
        self._do(
            SubmitRecommendations,
            recommendations=adopted,
            submission_id=package,
        )
        deadline = self.app.assembly(self.id).submissions[package].deadline
        self._tell(
            f"{len(adopted)} adopted recommendations submitted to the executive; "
            f"answers due by {deadline}"
        )
        answers = [
            (Response.ACCEPTED, "funded in the 2026 budget", 70),
            (Response.PARTLY_ACCEPTED, "pilot in three arrondissements first", 85),
            (Response.REJECTED, "outside the city's competence", 110),
        ]
        for rid, (response, reasons, days) in zip(adopted, answers, strict=False):
            self.day = datetime(2025, 12, 10, 10, 0, tzinfo=UTC) + timedelta(days=days)
            self._do(
                RecordExecutiveResponse,
                recommendation_id=rid,
                response=response,
                reasons=reasons,
                by=EXECUTIVE,
            )
        late = [r for r, a in self.app.assembly(self.id).answers.items() if a.late]
        self._tell(
            f"the executive answered each recommendation; {len(late)} answer came after "
            "the deadline and is marked late"
        )
        self.day = datetime(2026, 4, 14, 9, 0, tzinfo=UTC)
        self._do(
            PresentToCouncil,
            submission_id=package,
            sitting=self.day.date(),
            instrument=Instrument.VOEU,
        )
        self._do(
            RecordCouncilDecision,
            submission_id=package,
            decision=CouncilDecision.ADOPTED,
            reference="2026 V. 117",
        )
        self.day = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
        self._do(
            ReportImplementation,
            recommendation_id=adopted[0],
            stage=Stage.UNDER_WAY,
            summary="400 of 1,000 trees planted",
            by=EXECUTIVE,
        )
        self._tell(
            "presented to the Paris Council on 2026-04-14 as a vœu, adopted (2026 V. 117);"
            " implementation under way"
        )


TITLES = {
    "social education": "After-school clubs in every arrondissement",
    "environment": "Plant 1,000 trees a year",
    "public space": "Car-free school streets",
}
TEXTS = {
    "social education": "Open a free after-school club in every arrondissement by 2027.",
    "environment": "Plant 1,000 trees a year in the most mineral arrondissements.",
    "public space": "Close the street in front of every primary school to cars at opening times.",
}


def _free_series(app: AssemblyRecord) -> str:
    """The scripted year's series: Paris's, or, when its cohort 2025 is on this log already (a
    test or a benchmark writing the year twice), "… #2", "… #3": a cohort is convened once."""
    for n in itertools.count(1):
        name = NAME if n == 1 else f"{NAME} #{n}"
        if not list(app.events.get(cohort_id(name, 2025), lte=1)):
            return name
    raise AssertionError("unreachable")


def paris_year(
    app: AssemblyRecord,
    volume: Volume = DEMO,
    say: Callable[[str], None] = lambda _: None,
    pool_size: int | None = None,
    algorithm: str = "leximin",
) -> Story:
    """The year; with `pool_size`, the panel is drawn here by lot from a synthetic pool of
    that size, otherwise it arrives from an outside draw."""
    return Year(app, volume, say, pool_size, algorithm).run()
