"""Outputs that need no Qt: JSON documents now; workbooks, diagrams and BCF later.

Every writer goes through :func:`cimcheck.atomic.write_atomic`, so an interrupted
export never leaves a half-written file in place of a good one.
"""
