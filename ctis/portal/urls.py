from __future__ import annotations

from django.urls import path, re_path

from ctis.portal.views import campaigns, public, staff_numbers, staff_pages

app_name = "portal"

LANG = r"(?P<lang>[a-z]{2,3})"

urlpatterns = [
    # Public: the language is always in the address, so a QR code needs no cookie.
    path("", public.choose_language, name="choose_language"),
    re_path(rf"^language/{LANG}/$", public.remember_language, name="remember_language"),
    re_path(rf"^{LANG}/$", public.home, name="home"),
    re_path(rf"^{LANG}/(?P<country>[a-z]{{2}})/$", public.country_home, name="country"),
    re_path(rf"^{LANG}/page/(?P<slug>[a-z0-9-]+)/$", public.page, name="page"),
    re_path(rf"^{LANG}/numbers/$", public.numbers, name="numbers"),
    re_path(rf"^{LANG}/find/$", public.find_help, name="find"),
    # Staff.
    path("staff/pages/", staff_pages.page_list, name="staff_pages"),
    re_path(
        rf"^staff/pages/(?P<public_id>[0-9a-f-]{{36}})/{LANG}/$",
        staff_pages.translation_edit,
        name="staff_translation",
    ),
    re_path(
        rf"^staff/pages/(?P<public_id>[0-9a-f-]{{36}})/{LANG}/review/$",
        staff_pages.translation_review,
        name="staff_translation_review",
    ),
    path("staff/numbers/", staff_numbers.number_list, name="staff_numbers"),
    path("staff/campaigns/", campaigns.campaign_list, name="staff_campaigns"),
    path("staff/campaigns/new/", campaigns.campaign_create, name="staff_campaign_create"),
    path("staff/campaigns/<uuid:public_id>/", campaigns.campaign_detail, name="staff_campaign"),
    path(
        "staff/campaigns/<uuid:public_id>/materials/",
        campaigns.material_add,
        name="staff_material_add",
    ),
    path(
        "staff/campaigns/<uuid:public_id>/sessions/new/",
        campaigns.session_create,
        name="staff_session_create",
    ),
    path(
        "staff/materials/<uuid:public_id>/leaflet.pdf",
        campaigns.material_leaflet,
        name="staff_material_leaflet",
    ),
    re_path(
        rf"^staff/leaflets/(?P<country>[a-z]{{2}})/{LANG}\.pdf$",
        campaigns.leaflet,
        name="staff_leaflet",
    ),
    path("staff/reach/", campaigns.reach, name="staff_reach"),
]
