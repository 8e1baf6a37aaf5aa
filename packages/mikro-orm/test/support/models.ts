import { Cascade, EntitySchema, type Collection, type Ref } from '@mikro-orm/core';

export class Address {
  street!: string;
  city!: string;
}

export class Customer {
  id!: number;
  name!: string;
  email?: string | null;
}

export class Order {
  id!: number;
  total!: string;
  status!: string;
  paidAt?: Date | null;
  meta?: Record<string, unknown> | null;
  customer!: Ref<Customer>;
  address?: Address | null;
  secret?: string | null;
  items!: Collection<OrderItem>;
}

export class OrderItem {
  id!: number;
  order!: Order;
  sku!: string;
  quantity!: number;
}

/** A natural unique key, to provoke early deletes and updates. */
export class Tag {
  id!: number;
  code!: string | null;
  label!: string;
}

/** An entity no endpoint watches. */
export class AuditNote {
  id!: number;
  text!: string;
}

const id = { type: 'integer', primary: true, autoincrement: true } as const;

export const testEntities = [
  new EntitySchema({ class: Address, embeddable: true, properties: { street: { type: 'string' }, city: { type: 'string' } } }),
  new EntitySchema<Customer>({
    class: Customer,
    properties: { id, name: { type: 'string' }, email: { type: 'string', nullable: true, unique: true } },
  }),
  new EntitySchema<Order>({
    class: Order,
    tableName: 'shop_order',
    properties: {
      id,
      total: { type: 'decimal', precision: 10, scale: 2 },
      status: { type: 'string' },
      paidAt: { type: 'datetime', nullable: true, length: 3 },
      meta: { type: 'json', nullable: true },
      customer: { kind: 'm:1', entity: () => Customer, ref: true },
      address: { kind: 'embedded', entity: () => Address, nullable: true },
      secret: { type: 'string', nullable: true, hidden: true },
      items: { kind: '1:m', entity: () => OrderItem, mappedBy: 'order', cascade: [Cascade.PERSIST, Cascade.REMOVE] },
    },
  }),
  new EntitySchema<OrderItem>({
    class: OrderItem,
    properties: { id, order: { kind: 'm:1', entity: () => Order }, sku: { type: 'string' }, quantity: { type: 'integer' } },
  }),
  new EntitySchema<Tag>({
    class: Tag,
    properties: { id, code: { type: 'string', nullable: true, unique: true }, label: { type: 'string' } },
  }),
  new EntitySchema<AuditNote>({ class: AuditNote, properties: { id, text: { type: 'string' } } }),
];
