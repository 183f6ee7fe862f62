"""Batches of documents, run as jobs (core/jobs.py): every document of an announcement, in Word and PDF, in one
zip (each PDF is a LibreOffice conversion of a second or more)."""

from __future__ import annotations

import io
import zipfile

from django.core.exceptions import ValidationError

from sifasuo.core import jobs
from sifasuo.core.documents import DocumentError, docx_to_pdf
from sifasuo.core.scoping import restrict

from . import documents
from .models import Announcement


@jobs.job("生成全部文书", atomic=False)
def announcement_documents(job, progress) -> str:
    announcement = restrict(Announcement.objects.all(), job.user).filter(pk=job.params.get("announcement")).first()
    if announcement is None:
        raise jobs.JobFailed("招聘公告不存在或不在您的管辖范围内，任务未执行。")
    progress.start(total=len(documents.DOCUMENTS) * 2, phase="生成文书")
    buffer = io.BytesIO()
    made, skipped = [], []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, spec in documents.DOCUMENTS.items():
            try:
                content = spec.build(announcement)
            except ValidationError as exc:        # e.g. no public notice yet
                skipped.append(f"{spec.title}（{'；'.join(exc.messages)}）")
                progress.advance(2)
                continue
            archive.writestr(documents.filename(kind, announcement, "docx"), content)
            progress.advance()
            try:
                archive.writestr(documents.filename(kind, announcement, "pdf"), docx_to_pdf(content))
            except DocumentError as exc:
                raise jobs.JobFailed(str(exc)) from None
            made.append(spec.title)
            progress.advance()
    if not made:
        raise jobs.JobFailed("没有可以生成的文书：" + "；".join(skipped))
    safe = documents.filename("review", announcement, "docx").rsplit("-", 1)[0]
    progress.save_result(f"{safe}-全部文书.zip", buffer.getvalue())
    return (f"已生成{'、'.join(made)}（Word 与 PDF）" + (f"；未生成：{'；'.join(skipped)}" if skipped else ""))
