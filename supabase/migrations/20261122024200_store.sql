-- License marketplace, part 1: the merchandise store. Products (optionally tied to an IP
-- project) with variants and stock, one cart per user kept in balance by triggers, orders
-- placed by public.place_order() only, discount codes. Money is integer cents (bigint).
-- Functions and triggers: supabase/functions/store.sql; policies: supabase/policies/store.sql.

create table public.products (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    name text not null check (length(name) between 1 and 255),
    slug text unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    description text check (length(description) <= 20000),
    short_description text check (length(short_description) <= 500),
    category text not null check (category in (
        'apparel', 'toys', 'books', 'stationery', 'collectibles', 'digital', 'other'
    )),
    sub_category text check (length(sub_category) <= 100),
    price_cents bigint not null check (price_cents >= 0),
    compare_at_price_cents bigint check (compare_at_price_cents >= 0),
    currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
    shipping_cents bigint not null default 0 check (shipping_cents >= 0),
    tax_rate_bps integer not null default 0 check (tax_rate_bps between 0 and 10000),
    sku text unique check (length(sku) <= 100),
    barcode text check (length(barcode) <= 100),
    stock_quantity integer not null default 0,
    low_stock_threshold integer not null default 10 check (low_stock_threshold >= 0),
    track_inventory boolean not null default true,
    allow_backorder boolean not null default false,
    has_variants boolean not null default false,
    variant_options jsonb not null default '[]' check (jsonb_typeof(variant_options) = 'array'),
    images jsonb not null default '[]' check (jsonb_typeof(images) = 'array'),
    thumbnail_url text,
    weight_grams integer check (weight_grams >= 0),
    dimensions jsonb,
    is_digital boolean not null default false,
    status text not null default 'draft' check (status in ('draft', 'active', 'out_of_stock', 'discontinued')),
    visibility text not null default 'public' check (visibility in ('public', 'unlisted', 'private')),
    featured boolean not null default false,
    meta_title text check (length(meta_title) <= 255),
    meta_description text,
    view_count bigint not null default 0 check (view_count >= 0),
    sold_count bigint not null default 0 check (sold_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- stock goes below zero only as backorders
    constraint products_stock_check check (stock_quantity >= 0 or allow_backorder)
);
create index products_organization_idx on public.products (organization_id);
create index products_project_idx on public.products (project_id);
create index products_listed_idx on public.products (created_at desc) where status = 'active' and visibility = 'public';

-- What only the selling organization sees: cost and the digital file.
create table public.product_internals (
    product_id uuid primary key references public.products (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    cost_price_cents bigint check (cost_price_cents >= 0),
    digital_file_url text,
    updated_at timestamptz not null default now()
);
create index product_internals_organization_idx on public.product_internals (organization_id);

create table public.product_variants (
    id uuid primary key default gen_random_uuid(),
    product_id uuid not null references public.products (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    title text check (length(title) <= 255),
    options jsonb not null check (jsonb_typeof(options) = 'object'),
    price_cents bigint check (price_cents >= 0),
    compare_at_price_cents bigint check (compare_at_price_cents >= 0),
    sku text check (length(sku) <= 100),
    stock_quantity integer not null default 0,
    allow_backorder boolean not null default false,
    image_url text,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint product_variants_stock_check check (stock_quantity >= 0 or allow_backorder),
    unique (product_id, sku)
);
create index product_variants_product_idx on public.product_variants (product_id);
create index product_variants_organization_idx on public.product_variants (organization_id);

-- One cart per user (guests sign in anonymously with Supabase Auth, so every cart has a user).
create table public.carts (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null unique default auth.uid() references auth.users (id) on delete cascade,
    subtotal_cents bigint not null default 0 check (subtotal_cents >= 0),
    item_count integer not null default 0 check (item_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

create table public.cart_items (
    id uuid primary key default gen_random_uuid(),
    cart_id uuid not null references public.carts (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    product_id uuid not null references public.products (id) on delete cascade,
    variant_id uuid references public.product_variants (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    quantity integer not null default 1 check (quantity between 1 and 1000),
    unit_price_cents bigint not null check (unit_price_cents >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique nulls not distinct (cart_id, product_id, variant_id)
);
create index cart_items_user_idx on public.cart_items (user_id);
create index cart_items_product_idx on public.cart_items (product_id);
create index cart_items_variant_idx on public.cart_items (variant_id);

create table public.discount_codes (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    code text not null check (code ~ '^[A-Za-z0-9_-]{3,50}$'),
    description text,
    type text not null check (type in ('percentage', 'fixed_amount', 'free_shipping')),
    percent_off numeric(5, 2) check (percent_off > 0 and percent_off <= 100),
    amount_off_cents bigint check (amount_off_cents > 0),
    minimum_order_cents bigint check (minimum_order_cents >= 0),
    maximum_discount_cents bigint check (maximum_discount_cents >= 0),
    usage_limit integer check (usage_limit > 0),
    usage_count integer not null default 0 check (usage_count >= 0),
    per_user_limit integer default 1 check (per_user_limit > 0),
    starts_at timestamptz,
    expires_at timestamptz,
    is_active boolean not null default true,
    product_ids uuid [],
    categories text [],
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((type = 'percentage') = (percent_off is not null)),
    check ((type = 'fixed_amount') = (amount_off_cents is not null)),
    check (expires_at is null or starts_at is null or expires_at > starts_at),
    check (usage_limit is null or usage_count <= usage_limit)
);
create unique index discount_codes_code_key on public.discount_codes (organization_id, upper(code));

-- Readable order numbers (CV-2026-000123) come from a sequence no API role may touch.
create sequence private.order_number_seq;
revoke all on sequence private.order_number_seq from public, anon, authenticated, service_role;

create table public.orders (
    id uuid primary key default gen_random_uuid(),
    order_number text not null unique check (order_number ~ '^CV-[0-9]{4}-[0-9]{6,}$'),
    user_id uuid references auth.users (id) on delete set null,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    status text not null default 'pending' check (status in (
        'pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'
    )),
    subtotal_cents bigint not null check (subtotal_cents >= 0),
    discount_cents bigint not null default 0 check (discount_cents >= 0),
    shipping_cents bigint not null default 0 check (shipping_cents >= 0),
    tax_cents bigint not null default 0 check (tax_cents >= 0),
    total_cents bigint not null check (total_cents >= 0),
    refunded_cents bigint not null default 0 check (refunded_cents >= 0),
    currency text not null check (currency ~ '^[a-z]{3}$'),
    customer_email text check (length(customer_email) <= 255),
    customer_phone text check (length(customer_phone) <= 50),
    shipping_address jsonb,
    billing_address jsonb,
    shipping_method text check (length(shipping_method) <= 100),
    tracking_number text check (length(tracking_number) <= 255),
    shipped_at timestamptz,
    delivered_at timestamptz,
    payment_status text not null default 'pending' check (payment_status in (
        'pending', 'paid', 'failed', 'partially_refunded', 'refunded'
    )),
    payment_method text,
    payment_reference text,
    stripe_checkout_session_id text unique,
    paid_at timestamptz,
    discount_code_id uuid references public.discount_codes (id) on delete set null,
    discount_code text,
    customer_notes text check (length(customer_notes) <= 2000),
    internal_notes text,
    cancelled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (total_cents = subtotal_cents - discount_cents + shipping_cents + tax_cents),
    check (refunded_cents <= total_cents)
);
create index orders_user_idx on public.orders (user_id, created_at desc);
create index orders_organization_idx on public.orders (organization_id, created_at desc);
create index orders_discount_user_idx on public.orders (discount_code_id, user_id) where discount_code_id is not null;
create unique index orders_payment_reference_key on public.orders (payment_reference) where payment_reference is not null;

create table public.order_items (
    id uuid primary key default gen_random_uuid(),
    order_id uuid not null references public.orders (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    product_id uuid references public.products (id) on delete set null,
    variant_id uuid references public.product_variants (id) on delete set null,
    project_id uuid references public.projects (id) on delete set null,
    product_name text not null,
    variant_title text,
    sku text,
    category text not null,
    is_digital boolean not null default false,
    quantity integer not null check (quantity > 0),
    unit_price_cents bigint not null check (unit_price_cents >= 0),
    subtotal_cents bigint not null check (subtotal_cents >= 0),
    fulfilled_quantity integer not null default 0 check (fulfilled_quantity >= 0),
    restocked boolean not null default false,
    created_at timestamptz not null default now(),
    check (subtotal_cents = unit_price_cents * quantity),
    check (fulfilled_quantity <= quantity)
);
create index order_items_order_idx on public.order_items (order_id);
create index order_items_organization_idx on public.order_items (organization_id);
create index order_items_product_idx on public.order_items (product_id);
create index order_items_variant_idx on public.order_items (variant_id);

alter table public.products enable row level security;
alter table public.product_internals enable row level security;
alter table public.product_variants enable row level security;
alter table public.carts enable row level security;
alter table public.cart_items enable row level security;
alter table public.discount_codes enable row level security;
alter table public.orders enable row level security;
alter table public.order_items enable row level security;

revoke all on public.products, public.product_internals, public.product_variants, public.carts, public.cart_items,
public.discount_codes, public.orders, public.order_items from anon, authenticated;
grant select on public.products, public.product_variants to anon, authenticated;
grant insert, update, delete on public.products, public.product_variants to authenticated;
grant select, insert, update, delete on public.product_internals, public.discount_codes to authenticated;
grant select, insert, delete on public.carts to authenticated;
grant select, insert, update, delete on public.cart_items to authenticated;
-- orders and their items are written by place_order() and the status RPCs only
grant select on public.orders, public.order_items to authenticated;
grant all on public.products, public.product_internals, public.product_variants, public.carts, public.cart_items,
public.discount_codes, public.orders, public.order_items to service_role;
