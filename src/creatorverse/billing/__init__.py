"""Billing glue: Stripe webhook ingestion and batched usage metering. The rules live in SQL."""
