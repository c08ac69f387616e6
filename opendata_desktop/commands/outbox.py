"""`outbox [--send]`: publications queued while offline."""

from __future__ import annotations

from opendata_desktop.core.errors import EXIT_NETWORK, EXIT_OK

NAME = "outbox"
HELP = "Envoyer les publications mises en attente (hors ligne)."


def add_arguments(p) -> None:
    p.add_argument("--send", action="store_true", help="envoyer maintenant ce qui est en attente")


def run(args):
    from opendata_desktop.core.publishing import outbox

    if args.send:
        sent, waiting = outbox.send_all()
        payload = {"sent": sent, "waiting": [{"file": i["file"], "reason": r} for i, r in waiting]}
        lines = [f"{len(sent)} publication(s) envoyée(s), {len(waiting)} toujours en attente."]
        lines += [f"  {i['file']} : {r}" for i, r in waiting]
        return payload, (EXIT_OK if not waiting else EXIT_NETWORK), "\n".join(lines)
    items = outbox.pending()
    payload = {"pending": [{"file": i["file"], "platform": i["platform"], "url": i["url"],
                            "queued_at": i["queued_at"], "refused": i.get("refused")} for i in items]}
    lines = [f"{len(items)} publication(s) en attente."] + [
        f"  {i['file']} → {i['url']} (depuis le {i['queued_at']})"
        + (f" : refusée par la plateforme ({i['refused']})" if i.get("refused") else "") for i in items]
    return payload, EXIT_OK, "\n".join(lines)
