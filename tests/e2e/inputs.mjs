// Inputs that several end-to-end files type into the app.

/// A two-model Prisma schema (a relation, a `//` comment, a native type), as a person pastes it.
export const PRISMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

// Authors write books.
model Author {
  id    Int    @id @default(autoincrement())
  name  String @db.VarChar(80)
  books Book[]
}

model Book {
  id       Int    @id @default(autoincrement())
  title    String
  author   Author @relation(fields: [authorId], references: [id])
  authorId Int
}
`;
