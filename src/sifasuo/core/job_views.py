"""Pages of the jobs (core/jobs.py): the list of one's own jobs, a job's page with its progress bar (polled by
htmx), and the download of its result."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views import View

from . import jobs
from .models import Job
from .views import stored_file_response


class JobListView(LoginRequiredMixin, View):
    """我的后台任务: the last jobs the user started."""

    model = Job

    def get(self, request):
        rows = list(jobs.visible_jobs(request.user)[:50])
        return render(request, "core/job_list.html", {
            "title": "我的后台任务", "rows": [(j, jobs.state(j)) for j in rows]})


class _OwnJob(LoginRequiredMixin, View):
    model = Job

    def job(self, pk) -> Job:
        return get_object_or_404(jobs.visible_jobs(self.request.user), pk=pk)


class JobDetailView(_OwnJob):
    def get(self, request, pk):
        job_row = self.job(pk)
        return render(request, "core/job_detail.html", {
            "title": job_row.title, "job": job_row, "state": jobs.state(job_row)})


class JobProgressView(_OwnJob):
    """The progress fragment; while the job is unfinished it asks to be fetched again."""

    def get(self, request, pk):
        job_row = self.job(pk)
        return render(request, "core/_job_progress.html", {"job": job_row, "state": jobs.state(job_row)})


class JobDownloadView(_OwnJob):
    def get(self, request, pk):
        job_row = self.job(pk)
        if job_row.status != Job.Status.DONE or not job_row.result_file:
            raise Http404("该任务没有可下载的结果")
        response = stored_file_response(job_row.result_file,
                                        missing=f"结果文件已清理（保留 {jobs.KEEP_DAYS} 天），请重新发起")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job_row.result_name)}"
        return response
