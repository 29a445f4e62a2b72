namespace Retain.Core.Import;

internal sealed partial class PostgresImportWriter
{
    private const string CreateStagingSql = """
        CREATE TEMP TABLE stg_lines (seq int NOT NULL, line_no int NOT NULL, sku text NOT NULL, name text,
            qty int NOT NULL, unit_price numeric NOT NULL, discount numeric NOT NULL, amount numeric NOT NULL) ON COMMIT DROP;
        CREATE TEMP TABLE stg_orders (seq int PRIMARY KEY, is_refund boolean NOT NULL, ext text NOT NULL, customer_ext text,
            placed_at timestamptz NOT NULL, cancelled boolean NOT NULL, currency text NOT NULL, rate numeric NOT NULL,
            shipping numeric NOT NULL, total numeric NOT NULL, country text, hash text NOT NULL, refunds_order_ext text,
            target_id bigint, existed boolean NOT NULL DEFAULT false, old_hash text, new_id bigint) ON COMMIT DROP;
        -- The ids RETURNING gives back are matched by external id: without this index that is a nested loop over
        -- the whole staging table per inserted order (the CTE has no statistics).
        CREATE INDEX ON stg_orders (ext);
        CREATE TEMP TABLE stg_customers (ext text PRIMARY KEY, email text, country text) ON COMMIT DROP;
        CREATE TEMP TABLE stg_products (sku text PRIMARY KEY, name text, category text, new_id bigint) ON COMMIT DROP;
        """;

    private const string UpsertCategoriesSql = """
        INSERT INTO "Categories" ("ExternalId", "Name")
        SELECT DISTINCT category, category FROM stg_products WHERE category IS NOT NULL
        ON CONFLICT ("ExternalId") DO NOTHING;
        """;

    private const string InsertProductsSql = """
        INSERT INTO "Products" ("Sku", "Name", "CategoryId", "InStock", "CreatedAt", "UpdatedAt")
        SELECT s.sku, coalesce(s.name, s.sku), c."Id", true, @now, @now
        FROM stg_products s LEFT JOIN "Categories" c ON c."ExternalId" = s.category
        ON CONFLICT ("Sku") DO NOTHING;
        """;

    // Streaming: the new products' ids were given to their lines already. No ON CONFLICT: the import holds "Products"
    // locked since it read the stored SKUs, and a conflict would mean lines pointing at the wrong product.
    private const string InsertReservedProductsSql = """
        INSERT INTO "Products" ("Id", "Sku", "Name", "CategoryId", "InStock", "CreatedAt", "UpdatedAt")
        SELECT s.new_id, s.sku, coalesce(s.name, s.sku), c."Id", true, @now, @now
        FROM stg_products s LEFT JOIN "Categories" c ON c."ExternalId" = s.category
        WHERE s.new_id IS NOT NULL;
        """;

    // A later non-empty name or category in the file wins over what is stored.
    private const string UpdateProductsSql = """
        UPDATE "Products" p SET "Name" = coalesce(s.name, p."Name"), "CategoryId" = coalesce(c."Id", p."CategoryId"), "UpdatedAt" = @now
        FROM stg_products s LEFT JOIN "Categories" c ON c."ExternalId" = s.category
        WHERE p."Sku" = s.sku
          AND ((s.name IS NOT NULL AND s.name <> p."Name") OR (c."Id" IS NOT NULL AND c."Id" IS DISTINCT FROM p."CategoryId"));
        """;

    private const string InsertCustomersSql = """
        INSERT INTO "Customers" ("ExternalId", "Email", "Country", "CreatedAt", "UpdatedAt")
        SELECT ext, email, country, @now, @now FROM stg_customers
        ON CONFLICT ("ExternalId") DO NOTHING;
        """;

    private const string UpdateCustomersSql = """
        UPDATE "Customers" c SET "Email" = coalesce(s.email, c."Email"), "Country" = coalesce(s.country, c."Country"), "UpdatedAt" = @now
        FROM stg_customers s
        WHERE c."ExternalId" = s.ext
          AND ((s.email IS NOT NULL AND s.email IS DISTINCT FROM c."Email") OR (s.country IS NOT NULL AND s.country IS DISTINCT FROM c."Country"));
        """;

    private const string MatchExistingSql = """
        UPDATE stg_orders s SET target_id = o."Id", existed = true, old_hash = o."ContentHash"
        FROM "Orders" o WHERE NOT s.is_refund AND o."ExternalId" = s.ext;
        UPDATE stg_orders s SET target_id = r."Id", existed = true, old_hash = r."ContentHash"
        FROM "Refunds" r WHERE s.is_refund AND r."ExternalId" = s.ext;
        """;

    // Changed orders: header updated, old lines deleted (new orders: InsertOrdersSql).
    private const string WriteOrdersSql = """
        UPDATE "Orders" o SET "CustomerId" = c."Id", "PlacedAt" = s.placed_at,
            "Status" = CASE WHEN s.cancelled THEN @cancelled ELSE @placed END, "Currency" = s.currency,
            "ExchangeRate" = s.rate, "Shipping" = s.shipping, "Revenue" = s.total, "Country" = s.country,
            "Source" = @source, "ContentHash" = s.hash, "UpdatedAt" = @now
        FROM stg_orders s LEFT JOIN "Customers" c ON c."ExternalId" = s.customer_ext
        WHERE NOT s.is_refund AND s.existed AND s.old_hash IS DISTINCT FROM s.hash AND o."Id" = s.target_id;

        DELETE FROM "OrderLines" l USING stg_orders s
        WHERE NOT s.is_refund AND s.existed AND s.old_hash IS DISTINCT FROM s.hash AND l."OrderId" = s.target_id;

        """;

    // The new orders' ids go straight back to the client, which needs them only for the lines: noting them in staging
    // (UPDATE … FROM the RETURNING) cost 1.2 s of the statement's 4.5 s for 42k orders (auto_explain, loaded machine).
    private const string InsertOrdersSql = """
        INSERT INTO "Orders" ("ExternalId", "CustomerId", "PlacedAt", "Status", "Currency", "ExchangeRate", "Shipping",
            "Revenue", "Country", "Source", "ContentHash", "CreatedAt", "UpdatedAt")
        SELECT s.ext, c."Id", s.placed_at, CASE WHEN s.cancelled THEN @cancelled ELSE @placed END, s.currency, s.rate,
            s.shipping, s.total, s.country, @source, s.hash, @now, @now
        FROM stg_orders s LEFT JOIN "Customers" c ON c."ExternalId" = s.customer_ext
        WHERE NOT s.is_refund AND NOT s.existed
        ORDER BY s.seq
        RETURNING "Id", "ExternalId";
        """;

    // Streaming: the ids were reserved while the file was read and its lines already point at them ("Id" is NOT NULL,
    // so a new order without a reserved id fails the import instead of losing its lines).
    private const string InsertReservedOrdersSql = """
        INSERT INTO "Orders" ("Id", "ExternalId", "CustomerId", "PlacedAt", "Status", "Currency", "ExchangeRate", "Shipping",
            "Revenue", "Country", "Source", "ContentHash", "CreatedAt", "UpdatedAt")
        SELECT s.new_id, s.ext, c."Id", s.placed_at, CASE WHEN s.cancelled THEN @cancelled ELSE @placed END, s.currency, s.rate,
            s.shipping, s.total, s.country, @source, s.hash, @now, @now
        FROM stg_orders s LEFT JOIN "Customers" c ON c."ExternalId" = s.customer_ext
        WHERE NOT s.is_refund AND NOT s.existed
        ORDER BY s.seq;
        """;

    // Stored orders the file changes, by staging sequence: their lines were deleted above and are written again.
    private const string ChangedOrdersSql = """
        SELECT seq, target_id FROM stg_orders
        WHERE NOT is_refund AND existed AND old_hash IS DISTINCT FROM hash;
        """;

    private const string ProductIdsSql = """
        SELECT p."Sku", p."Id" FROM "Products" p JOIN stg_products s ON s.sku = p."Sku";
        """;

    private const string WriteRefundsSql = """
        UPDATE "Refunds" r SET "OrderId" = o."Id", "CustomerId" = c."Id", "RefundedAt" = s.placed_at, "Kind" = @refund_kind,
            "Currency" = s.currency, "ExchangeRate" = s.rate, "Amount" = s.total, "Source" = @source, "ContentHash" = s.hash
        FROM stg_orders s
        LEFT JOIN "Customers" c ON c."ExternalId" = s.customer_ext
        LEFT JOIN "Orders" o ON o."ExternalId" = s.refunds_order_ext
        WHERE s.is_refund AND s.existed AND s.old_hash IS DISTINCT FROM s.hash AND r."Id" = s.target_id;

        DELETE FROM "RefundLines" l USING stg_orders s
        WHERE s.is_refund AND s.existed AND s.old_hash IS DISTINCT FROM s.hash AND l."RefundId" = s.target_id;

        INSERT INTO "Refunds" ("ExternalId", "OrderId", "CustomerId", "RefundedAt", "Kind", "Currency", "ExchangeRate",
            "Amount", "Source", "ContentHash", "CreatedAt")
        SELECT s.ext, o."Id", c."Id", s.placed_at, @refund_kind, s.currency, s.rate, s.total, @source, s.hash, @now
        FROM stg_orders s
        LEFT JOIN "Customers" c ON c."ExternalId" = s.customer_ext
        LEFT JOIN "Orders" o ON o."ExternalId" = s.refunds_order_ext
        WHERE s.is_refund AND NOT s.existed
        ORDER BY s.seq;

        -- The refund's id by its external id, new or changed alike: noting the new ids in staging (UPDATE … FROM a
        -- RETURNING) left a scan of stg_orders that took 0.6 s before its first row (auto_explain, loaded machine).
        INSERT INTO "RefundLines" ("RefundId", "LineNo", "OrderId", "OrderLineNo", "Sku", "Quantity", "Amount")
        SELECT r."Id", l.line_no, ol."OrderId", ol."LineNo", l.sku, l.qty, l.amount
        FROM stg_lines l
        JOIN stg_orders s ON s.seq = l.seq
        JOIN "Refunds" r ON r."ExternalId" = s.ext
        LEFT JOIN "Orders" o ON o."ExternalId" = s.refunds_order_ext
        LEFT JOIN LATERAL (
            SELECT x."OrderId", x."LineNo" FROM "OrderLines" x WHERE x."OrderId" = o."Id" AND x."Sku" = l.sku ORDER BY x."LineNo" LIMIT 1) ol ON true
        WHERE s.is_refund AND (NOT s.existed OR s.old_hash IS DISTINCT FROM s.hash);
        """;
}
