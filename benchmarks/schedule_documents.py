"""How long the printable schedule documents take to draw (they are made inside a request).

    python benchmarks/schedule_documents.py [--tables 30] [--slots 24] [--repeat 3]

Draws the organisers' table plan of a full event (every table taken at every slot) and one
participant's agenda with a meeting in every slot, from unsaved model instances: what is timed
is reportlab's drawing, not the database. SYNTHETIC names.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=30)
    parser.add_argument("--slots", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django  # noqa: PLC0415  (settings first)

    django.setup()
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from maillage.ecosystem.models import Organisation  # noqa: PLC0415
    from maillage.events.agenda import AgendaItem, PlannedMeeting  # noqa: PLC0415
    from maillage.events.models import (  # noqa: PLC0415
        B2BSession,
        Event,
        Meeting,
        Registration,
        ScheduleRun,
    )
    from maillage.events.pdf import agenda_pdf, table_plan_pdf  # noqa: PLC0415
    from maillage.events.slots import event_slots  # noqa: PLC0415

    event = Event(name="ICT meets Synthetic Industry", slug="synthetic")
    minutes = 20
    end = dt.datetime.combine(dt.date(2027, 3, 18), dt.time(8)) + dt.timedelta(
        minutes=minutes * args.slots
    )
    session = B2BSession(
        event=event,
        name="Day",
        date=dt.date(2027, 3, 18),
        start_time=dt.time(8),
        end_time=end.time(),
        slot_minutes=minutes,
        table_count=args.tables,
    )
    slots = event_slots([session])
    run = ScheduleRun(event=event)
    planned = [
        PlannedMeeting(
            meeting=Meeting(run=run, slot=slot.number, table=table),
            slot=slot,
            first=f"Synthetic Manufacturer {slot.number:02d}-{table:02d} SA",
            second=f"Synthetic Software {table:02d}-{slot.number:02d} SRL",
        )
        for slot in slots
        for table in range(1, args.tables + 1)
    ]
    registration = Registration(event=event, organisation=Organisation(name="Synthetic SA"))
    zone = ZoneInfo("Europe/Brussels")
    items = [
        AgendaItem(
            meeting_id=slot.number,
            slot=slot.number,
            starts=slot.starts.replace(tzinfo=zone),
            ends=slot.starts.replace(tzinfo=zone) + dt.timedelta(minutes=minutes),
            table=1 + slot.number % args.tables,
            partner=f"Synthetic Partner {slot.number} SRL",
            partner_slug="synthetic",
            partner_person=f"Person {slot.number}",
        )
        for slot in slots
    ]
    for name, draw in (
        (f"table plan, {len(planned)} meetings", lambda: table_plan_pdf(run, planned, args.tables)),
        (f"agenda, {len(items)} meetings", lambda: agenda_pdf(registration, items)),
    ):
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            size = len(draw())
            timings.append(time.perf_counter() - start)
        print(f"{name}: best {min(timings):.3f} s, worst {max(timings):.3f} s, {size} bytes")


if __name__ == "__main__":
    main()
