-- products.stock_level: in_stock / low_stock (at most low_stock_threshold left) / out_of_stock /
-- untracked, kept by private.refresh_stock_status (supabase/functions/store.sql) on every stock
-- change of the product or its variants.
alter table public.products
    add column stock_level text not null default 'in_stock',
    add constraint products_stock_level_check check (stock_level in ('untracked', 'in_stock', 'low_stock', 'out_of_stock'));
comment on column public.products.stock_level is
    'Kept by the database from stock changes (variants summed): untracked, in_stock, low_stock (<= low_stock_threshold), out_of_stock.';
