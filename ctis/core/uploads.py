"""Request bodies stay in memory and within the limit of the page that takes them.

Django's default upload handlers write any file over 2.5 MB to the system's temporary folder,
unencrypted, while the request is read. ctis holds uploads in memory only
(``MemoryOnlyUploadHandler``), and ``UploadLimitMiddleware`` refuses a request whose declared
length is over the view's limit before a byte of its body is read: 2.5 MB by default, more
where a view says so with ``@upload_limit``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

#: Room for the form's other fields and the multipart boundaries around the file.
FORM_ALLOWANCE = 64 * 1024

View = TypeVar("View", bound=Callable[..., Any])


def default_limit() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) + FORM_ALLOWANCE


def upload_limit(max_bytes: int) -> Callable[[View], View]:
    """Let a view accept files of up to ``max_bytes`` (its form checks the exact size)."""

    def mark(view: View) -> View:
        view.max_upload_bytes = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = default_limit()
        if length > limit:
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            declared = getattr(view, "max_upload_bytes", None)
            if declared:
                limit = declared + FORM_ALLOWANCE
        request.upload_limit = limit  # type: ignore[attr-defined]
        if length > limit:
            return self._refuse(request, limit - FORM_ALLOWANCE)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
        message = _("The upload is too large: at most %(size)s MB is accepted here.") % {
            "size": _megabytes(limit)
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps each uploaded file in memory, never in a temporary file, up to the request's
    limit (set by UploadLimitMiddleware); a body that grows past it is not read further."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.buffer = io.BytesIO()
        self.limit = getattr(request, "upload_limit", None) or default_limit()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            raise StopUpload(connection_reset=True)
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile | None:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
