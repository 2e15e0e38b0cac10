from django.urls import path

from municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path(
        "municipalities/<slug:slug>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region_detail"),
]
