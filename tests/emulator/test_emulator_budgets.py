"""Budget associations on the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from servicecatalog_sdk import errors
from servicecatalog_sdk.testing import ServiceCatalogEmulator

from .catalog_extras_helpers import ShapeRecorder, error_code, product_in_portfolio
from .emulator_helpers import create_product


def _names(sc: Any, resource_id: str, **kw: Any) -> list[str]:
    out = sc.list_budgets_for_resource(ResourceId=resource_id, **kw)
    return [b["BudgetName"] for b in out["Budgets"]]


def test_associate_list_describe_disassociate(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    shapes = ShapeRecorder(sc)
    product_id, _, portfolio_id = product_in_portfolio(emulator)
    sc.associate_budget_with_resource(BudgetName="monthly", ResourceId=product_id)
    sc.associate_budget_with_resource(BudgetName="yearly", ResourceId=product_id)
    sc.associate_budget_with_resource(BudgetName="monthly", ResourceId=portfolio_id)
    assert _names(sc, product_id) == ["monthly", "yearly"]
    assert _names(sc, portfolio_id) == ["monthly"]
    assert sc.describe_product_as_admin(Id=product_id)["Budgets"] == [
        {"BudgetName": "monthly"},
        {"BudgetName": "yearly"},
    ]
    assert sc.describe_product(Id=product_id)["Budgets"] == [
        {"BudgetName": "monthly"},
        {"BudgetName": "yearly"},
    ]
    assert sc.describe_portfolio(Id=portfolio_id)["Budgets"] == [{"BudgetName": "monthly"}]

    first = sc.list_budgets_for_resource(ResourceId=product_id, PageSize=1)
    assert [b["BudgetName"] for b in first["Budgets"]] == ["monthly"]
    assert _names(sc, product_id, PageToken=first["NextPageToken"]) == ["yearly"]

    sc.disassociate_budget_from_resource(BudgetName="monthly", ResourceId=product_id)
    assert _names(sc, product_id) == ["yearly"]
    assert _names(sc, portfolio_id) == ["monthly"]
    assert shapes.problems() == []


def test_errors(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator)
    sc.associate_budget_with_resource(BudgetName="monthly", ResourceId=product_id)

    def code(call: Any, **kw: Any) -> str:
        with pytest.raises(ClientError) as exc:
            call(**kw)
        return error_code(exc)

    associate = sc.associate_budget_with_resource
    assert code(associate, BudgetName="monthly", ResourceId=product_id) == (
        "DuplicateResourceException"
    )
    assert code(associate, BudgetName="monthly", ResourceId="prod-missing00000") == (
        "ResourceNotFoundException"
    )
    assert code(associate, BudgetName="monthly", ResourceId="port-missing00000") == (
        "ResourceNotFoundException"
    )
    assert code(associate, BudgetName="monthly", ResourceId="pp-0123456789abc") == (
        "InvalidParametersException"
    )
    assert code(
        sc.disassociate_budget_from_resource, BudgetName="weekly", ResourceId=product_id
    ) == ("ResourceNotFoundException")
    assert code(sc.list_budgets_for_resource, ResourceId="prod-missing00000") == (
        "ResourceNotFoundException"
    )
    # Disassociating models no other error, even for an id that names no resource type.
    assert code(
        sc.disassociate_budget_from_resource, BudgetName="monthly", ResourceId="pp-0123456789abc"
    ) == ("ResourceNotFoundException")


def test_budgets_of_a_deleted_product_go_with_it(emulator: ServiceCatalogEmulator, sc: Any) -> None:
    product_id, _ = create_product(emulator, grant=False)
    sc.associate_budget_with_resource(BudgetName="monthly", ResourceId=product_id)
    sc.delete_product(Id=product_id)
    with pytest.raises(ClientError) as exc:
        sc.list_budgets_for_resource(ResourceId=product_id)
    assert error_code(exc) == "ResourceNotFoundException"


def test_through_the_sdk_client(emulator: ServiceCatalogEmulator) -> None:
    product_id, _ = create_product(emulator)
    client = emulator.client()
    for name in ("a", "b", "c"):
        client.associate_budget_with_resource(budget_name=name, resource_id=product_id)
    listed = client.list_budgets_for_resource(resource_id=product_id, page_size=2)
    assert [b.budget_name for b in listed] == ["a", "b", "c"]
    with pytest.raises(errors.DuplicateResourceError):
        client.associate_budget_with_resource(budget_name="a", resource_id=product_id)
