"""The plan diff sees parameters a template uses through Fn::Sub, not only through Ref."""

from __future__ import annotations

from typing import Any

from servicecatalog_sdk.testing._plan_diff import resource_changes

TOPIC: dict[str, Any] = {
    "Parameters": {"Env": {"Type": "String"}},
    "Resources": {
        "Topic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {"TopicName": {"Fn::Sub": "orders-${Env}-${!Literal}"}},
        },
        "Queue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": {"Fn::Sub": ["q-${Name}", {"Name": {"Ref": "Env"}}]},
                "DelaySeconds": {"Fn::Sub": ["${Env}", {"Env": "5"}]},
            },
        },
    },
}


def test_a_parameter_used_through_fn_sub_makes_the_resource_change() -> None:
    changes = resource_changes(
        TOPIC, {"Env": "dev"}, TOPIC, {"Env": "prod"}, {"Topic": "arn:topic", "Queue": "q-url"}
    )
    by_id = {c["LogicalResourceId"]: c for c in changes}
    topic = by_id["Topic"]
    assert topic["Action"] == "MODIFY"
    assert topic["Replacement"] == "TRUE"  # a new TopicName is a new topic
    assert topic["PhysicalResourceId"] == "arn:topic"
    assert topic["Details"] == [
        {
            "Target": {
                "Attribute": "PROPERTIES",
                "Name": "TopicName",
                "RequiresRecreation": "ALWAYS",
            },
            "Evaluation": "DYNAMIC",
            "CausingEntity": "Env",
        }
    ]
    # The queue's name uses Env through a Ref in the Sub's own variables; its
    # DelaySeconds names a local variable that only shadows the parameter.
    queue_causes = [(d["Target"]["Name"], d["CausingEntity"]) for d in by_id["Queue"]["Details"]]
    assert queue_causes == [("QueueName", "Env")]


def test_unchanged_parameters_used_through_fn_sub_change_nothing() -> None:
    assert resource_changes(TOPIC, {"Env": "dev"}, TOPIC, {"Env": "dev"}, {}) == []
