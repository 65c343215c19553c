"""Files staff keep with a case: upload the signed and sealed copy of a letter or the
released information (and send it to the applicant through the bot), download them
again. The rules (what may be sent, to whom, sizes and types) are the core's
(bot/staff/documents.py)."""

from __future__ import annotations

import logging
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from bot.staff.documents import MAX_UPLOAD_BYTES, Upload
from bot.staff.workflow import WorkflowError
from web.context import desk_of, guarded, read_form

log = logging.getLogger(__name__)

UPLOAD_FILES = 1
# The request as a whole: the file and the form's few fields.
MAX_UPLOAD_REQUEST = MAX_UPLOAD_BYTES + 64 * 1024



async def _upload(form_file: UploadFile) -> Upload:
    # One byte over the limit is enough for the core to refuse it by its rule.
    content = await form_file.read(MAX_UPLOAD_BYTES + 1)
    return Upload(form_file.filename or "", content, form_file.content_type or "")


@guarded(files=UPLOAD_FILES)
async def upload(request: Request) -> Response:
    desk = desk_of(request)
    viewer = request.state.viewer
    t = desk.texts(request)
    case = desk.case_in(request)
    form = await read_form(request, UPLOAD_FILES)
    given = form.get("file")
    purpose, kind = str(form.get("purpose") or ""), str(form.get("letter_kind") or "")
    send = form.get("send") == "yes"
    back = desk.redirect(f"/cases/{case.number}#h-documents")
    if not isinstance(given, UploadFile):
        desk.flash(viewer, "! " + t("staff.upload_empty"))
        return back
    try:
        outs = desk.services.workflow.keep_file(case.number, viewer.user_id, purpose,
                                                await _upload(given), letter_kind=kind,
                                                send=send)
    except WorkflowError as error:
        desk.flash(viewer, "! " + t(error.key, **error.values))
        return back
    log.info("web desk: a file kept with %s (%s)%s", case.number, purpose,
             ", queued for the applicant" if outs else "")
    desk.flash(viewer, t("web.documents.sent" if outs else "web.documents.kept"))
    return back


@guarded()
async def download(request: Request) -> Response:
    desk = desk_of(request)
    case = desk.case_in(request)
    raw = request.path_params["item"]
    found = desk.services.repo.case_file(case.id, int(raw)) if raw.isdigit() else None
    if found is None:
        return desk.refuse(request, 404, "web.error.no_file")
    record, content = found
    log.info("web desk: a kept file of %s downloaded", case.number)
    # The name is the uploader's (Chinese as often as not): RFC 6266's UTF-8 form, with
    # a plain fallback for old clients.
    fallback = f"{case.number}-{record.id}{_suffix(record.name)}"
    return Response(content, media_type=record.media_type or "application/octet-stream",
                    headers={"Content-Disposition": f"attachment; filename=\"{fallback}\"; "
                             f"filename*=UTF-8''{quote(record.name)}"})


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    suffix = name[dot:] if dot > 0 else ""
    return suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""
