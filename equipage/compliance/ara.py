"""Read an audit exported from Ara, the DINUM's RGAA audit tool (ara.numerique.gouv.fr).

Format read: the JSON audit report of Ara's API (`GET /api/reports/<consultUniqueId>`), as
described by `AuditReportDto` in github.com/DISIC/Ara, `confiture-rest-api/src/audits/dto/
audit-report.dto.ts` (version read in November 2026, commit 049c8b0). The fields used:

- `auditType`: FULL (106 criteria), COMPLEMENTARY (50) or FAST (25);
- `context.referencial` (« RGAA Version 4.1 »), `context.auditorName`, `context.auditorOrganisation`,
  `context.samples` (pages: `id`, `order`, `name`, `url`);
- `publishDate`, `updateDate` or `creationDate` (ISO 8601): the audit's date, the first given;
- `results`: one item per criterion and page, `topic`, `criterium`, `pageId` and `status`
  (COMPLIANT, NOT_COMPLIANT, NOT_APPLICABLE, NOT_TESTED);
- `procedureName`, `consultUniqueId`: kept in the audit's notes.

Anything else is ignored. A file that is not this format is refused with a French message: the
caller saves nothing.
"""

from __future__ import annotations

import datetime
import json
import re

from .models import AccessibilityAudit, AuditType, CriterionResult

ARA_AUDIT_TYPES = {"FULL": AuditType.COMPLETE, "COMPLEMENTARY": AuditType.COMPLEMENTARY, "FAST": AuditType.FAST}
ARA_STATUSES = {
    "COMPLIANT": CriterionResult.COMPLIANT,
    "NOT_COMPLIANT": CriterionResult.NOT_COMPLIANT,
    "NOT_APPLICABLE": CriterionResult.NOT_APPLICABLE,
    "NOT_TESTED": CriterionResult.NOT_TESTED,
}
MAX_BYTES = 5 * 1024 * 1024
NOT_ARA = "Ce fichier n’est pas un export d’audit d’Ara (rapport JSON)"


class AraFormatError(ValueError):
    """A French message saying why the file cannot be read as an Ara audit."""


def _date(report: dict) -> datetime.date:
    for key in ("publishDate", "updateDate", "creationDate"):
        value = report.get(key)
        if value:
            try:
                return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
            except ValueError as error:
                raise AraFormatError(f"Date illisible dans l’export Ara ({key} : {value}).") from error
    raise AraFormatError("L’export Ara ne donne pas la date de l’audit (publishDate, updateDate ou creationDate).")


def parse_ara_report(raw: bytes, product) -> AccessibilityAudit:
    """An unsaved audit of `product` from an Ara JSON report; raises AraFormatError."""
    if len(raw) > MAX_BYTES:
        raise AraFormatError("Le fichier dépasse 5 Mo : ce n’est pas un export d’audit d’Ara.")
    try:
        report = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AraFormatError(f"{NOT_ARA} : le contenu n’est pas du JSON lisible.") from error
    if not isinstance(report, dict) or "auditType" not in report or "results" not in report:
        raise AraFormatError(f"{NOT_ARA} : il manque le type d’audit (auditType) ou les résultats (results).")
    audit_type = ARA_AUDIT_TYPES.get(report["auditType"])
    if audit_type is None:
        raise AraFormatError(f"Type d’audit Ara inconnu : « {report['auditType']} » (FULL, COMPLEMENTARY ou FAST).")
    context = report.get("context")
    if not isinstance(context, dict) or not isinstance(context.get("samples"), list) or not context["samples"]:
        raise AraFormatError(f"{NOT_ARA} : l’échantillon de pages (context.samples) est absent ou vide.")
    try:
        samples = sorted(context["samples"], key=lambda page: (page.get("order", 0), page["id"]))
        positions = {page["id"]: index for index, page in enumerate(samples)}
        pages = [{"name": str(page["name"]), "url": str(page.get("url") or "")} for page in samples]
    except (KeyError, TypeError, AttributeError) as error:
        raise AraFormatError("Chaque page de l’échantillon Ara doit avoir un identifiant (id) et un nom.") from error
    if not isinstance(report["results"], list):
        raise AraFormatError(f"{NOT_ARA} : les résultats (results) ne sont pas une liste.")
    results: dict[str, list[str]] = {}
    for item in report["results"]:
        try:
            criterion = f"{int(item['topic'])}.{int(item['criterium'])}"
            position = positions[item["pageId"]]
            status = ARA_STATUSES[item["status"]]
        except KeyError as error:
            raise AraFormatError(
                f"Résultat Ara illisible : {json.dumps(item, ensure_ascii=False)[:120]} (champ ou valeur {error} "
                "inconnu)."
            ) from error
        except (TypeError, ValueError) as error:
            raise AraFormatError(
                "Résultat Ara illisible : topic, criterium, pageId et status sont attendus."
            ) from error
        statuses = results.setdefault(criterion, [CriterionResult.NOT_TESTED] * len(pages))
        statuses[position] = status
    referencial = str(context.get("referencial", ""))
    version = re.search(r"\d+(?:\.\d+)+", referencial)
    auditor = str(context.get("auditorOrganisation") or context.get("auditorName") or "").strip()
    notes = f"Importé d’Ara : « {report.get('procedureName', '')} »"
    if report.get("consultUniqueId"):
        notes += f", rapport {report['consultUniqueId']}"
    return AccessibilityAudit(
        product=product,
        audited_on=_date(report),
        audit_type=audit_type,
        auditor=auditor[:200] or "Non renseigné dans l’export Ara",
        rgaa_version=version.group(0) if version else "",
        pages=pages,
        results={criterion: [str(status) for status in statuses] for criterion, statuses in results.items()},
        notes=notes + ".",
    )
