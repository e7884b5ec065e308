from __future__ import annotations


def test_the_api_searches_like_the_page(verified_client, screener, services):
    client = verified_client(screener)
    response = client.get("/api/v1/services/", {"kind": "shelter", "language": "ps", "age": 16})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [row["name"] for row in results] == ["Test boys' shelter"]
    assert results[0]["country"] == "BA"
    assert results[0]["languages"] == ["bs", "ps"]


def test_the_api_rejects_a_bad_filter_with_a_reason(verified_client, screener, services):
    response = verified_client(screener).get("/api/v1/services/", {"age": "old"})
    assert response.status_code == 400
    assert "age" in response.json()


def test_the_api_detail_answers_404_for_an_unknown_service(verified_client, screener, db):
    assert (
        verified_client(screener)
        .get("/api/v1/services/00000000-0000-0000-0000-000000000000/")
        .status_code
        == 404
    )
