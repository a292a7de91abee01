"""Media providers, storage and the handlers that plug them into the generation engine.

One interface (`base.Provider`) for every provider; `registry.select_provider` picks one per
organization and kind (the organization's own credentials first, the offline `local`
provider otherwise). Requests and results are pydantic models (`models`).
"""
