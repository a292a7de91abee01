"""Invest: the crowdfunding marketplace's Python side (sending owed refunds to Stripe)."""
