from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ctis.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("ctis.accounts.urls")),
    path("audit/", include("ctis.audit.urls")),
    path("surveys/", include("ctis.surveys.urls")),
    path("services/", include("ctis.directory.urls")),
    path("screening/", include("ctis.screening.urls")),
    path("cases/", include("ctis.cases.urls")),
    path("referrals/", include("ctis.referrals.urls")),
    path("analytics/", include("ctis.analytics.urls")),
    path("help/", include("ctis.portal.urls")),
    path("training/", include("ctis.training.urls")),
    path("coordination/", include("ctis.coordination.urls")),
    path("reports/", include("ctis.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("ctis.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("ctis.core.urls")),
]

# JSON under /api/, the site's pages elsewhere (ctis/core/errors.py).
handler400 = "ctis.core.errors.bad_request"
handler403 = "ctis.core.errors.permission_denied"
handler404 = "ctis.core.errors.page_not_found"
handler500 = "ctis.core.errors.server_error"
