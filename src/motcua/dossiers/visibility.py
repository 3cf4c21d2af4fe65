"""What the applicant reads of a dossier's history (the portal page and the API; the public tracking page
shows even less: no notes at all).

Every history row is a public fact — what happened (status, action label) and when. Its note is public only
for the actions whose note is written for the applicant or by them: the reasons the agency owes the applicant
(refusal, supplement, stop — Decree 61/2018, Art. 18–19), the apology's reason and new date, what to pay, the
applicant's own words (withdrawal, supplement), the hand-over sentences naming the agencies, and the dates
recounted after a calendar change. The notes of everything else — step opinions, assignments, the desk's
remarks at receipt, payment and return — are the agency's internal record: staff see them, applicants don't.
Officers' names never reach the applicant (the API and the portal leave out `actor_label`).
"""

from motcua.dossiers.workflow import Action

PUBLIC_NOTE_ACTIONS = frozenset(
    {
        Action.REFUSE,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT,
        Action.REQUEST_PAYMENT,
        Action.WITHDRAW,
        Action.STOP,
        Action.APOLOGY,
        Action.DEADLINES_RECOMPUTED,
        Action.HANDOVER,
        Action.RECEIVE_HANDOVER,
        Action.CLOSE_HANDOVER,
    }
)


def public_note(event) -> str:
    """The event's note when the applicant may read it, else an empty string."""
    return event.note if event.action in PUBLIC_NOTE_ACTIONS else ""
