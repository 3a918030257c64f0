//! Synthetic OpenAPI documents of any size, so that codegen time can be measured per schema
//! from 100 to 10,000 schemas. Every schema has the constructs that cost the generator work:
//! scalar fields, an inline enum, a reference to an earlier schema, an array and an inline
//! object; every fifth schema is a `oneOf` tagged by a single-valued enum, and there is one
//! operation per five schemas (a JSON body, a 200 and two error statuses).

use std::fmt::Write;

/// A YAML document with `schemas` component schemas and `schemas / 5` operations.
pub fn document(schemas: usize) -> String {
    let mut out = String::from("openapi: 3.0.3\ninfo: {title: Synthetic, version: '1'}\n");
    out += "servers: [{url: 'https://api.example.test'}]\npaths:\n";
    for i in (0..schemas).step_by(5) {
        let _ = write!(
            out,
            "  /things{i}:\n    post:\n      summary: Create thing {i}\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Thing{i}'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing{next}'}}\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Problem'}}\n        '404':\n          description: missing\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Problem'}}\n",
            next = (i + 1).min(schemas - 1),
        );
    }
    out += "components:\n  schemas:\n    Problem:\n      type: object\n      properties:\n        code: {type: integer}\n        message: {type: string}\n";
    for i in 0..schemas {
        if i % 5 == 4 {
            let _ = write!(
                out,
                "    Thing{i}:\n      oneOf:\n        - $ref: '#/components/schemas/Thing{a}'\n        - type: object\n          required: [kind]\n          properties:\n            kind: {{type: string, enum: [other{i}]}}\n            note: {{type: string}}\n",
                a = i - 1,
            );
            continue;
        }
        let _ = write!(
            out,
            "    Thing{i}:\n      type: object\n      description: Thing number {i}.\n      required: [id, kind]\n      properties:\n        id: {{type: string, format: uuid}}\n        kind: {{type: string, enum: [thing{i}]}}\n        name: {{type: string, description: The name.}}\n        count: {{type: integer}}\n        ratio: {{type: number}}\n        active: {{type: boolean}}\n        color: {{type: string, enum: [red, green, blue, light-gray]}}\n        tags:\n          type: array\n          minItems: 1\n          items: {{type: string}}\n        size:\n          type: object\n          properties:\n            width: {{type: integer}}\n            height: {{type: integer}}\n"
        );
        if i > 0 {
            let _ = writeln!(out, "        previous: {{$ref: '#/components/schemas/Thing{}'}}", i - 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn documents_generate_with_the_expected_counts() {
        for n in [5, 100] {
            let g = generator::generate_str(&super::document(n), &generator::Options::default())
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(g.operations, n / 5);
            // Each object schema adds an inline enum, a color enum and a size object.
            assert!(g.types > n, "{} types for {n} schemas", g.types);
        }
    }
}
