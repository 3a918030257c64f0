"""Drives `anchor mcp` with the official Python MCP SDK (package `mcp`), as an agent would.

Usage: client.py ANCHOR_BINARY [SERVER ARGS...], the tool calls as a JSON list of
[name, arguments] on standard input; the environment carries the key and the stand-in's base
URL. Prints one JSON object: what the test checks.
"""

import asyncio
import json
import os
import sys

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def contents(result):
    out = []
    for block in result.content:
        if block.type == "text":
            out.append({"type": "text", "text": block.text})
        elif block.type == "image":
            out.append({"type": "image", "mimeType": block.mime_type, "bytes": len(block.data)})
        else:
            out.append({"type": block.type})
    return {"isError": bool(result.is_error), "content": out}


async def main():
    binary, extra = sys.argv[1], sys.argv[2:]
    # The SDK passes only a few variables by default: the key and base URL are given explicitly.
    params = StdioServerParameters(command=binary, args=["mcp", *extra], env=dict(os.environ))
    report = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            report["server"] = init.server_info.name
            tools = (await session.list_tools()).tools
            report["tools"] = [t.name for t in tools]
            for tool in tools:
                jsonschema.Draft202012Validator.check_schema(tool.input_schema)
            report["annotations"] = {
                t.name: {
                    "readOnly": t.annotations.read_only_hint if t.annotations else None,
                    "destructive": t.annotations.destructive_hint if t.annotations else None,
                }
                for t in tools
            }
            calls = json.loads(sys.stdin.read())
            report["calls"] = []
            for name, arguments in calls:
                result = await session.call_tool(name, arguments)
                report["calls"].append(contents(result))
    print(json.dumps(report))


asyncio.run(main())
