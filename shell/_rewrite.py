"""The shell's two source rewrites, and the runtime helpers the rewritten code calls.

1. Chained comparisons. Python reads ``a > b > c`` as ``(a > b) and
   (b > c)``, which would drop ``a`` (the library raises a TypeError rather
   than let that happen). Before running code, the shell turns every chain
   whose operators are all ``>`` (or all ``<``) into
   ``__csp_shell__.chain(">", lambda: a, lambda: b, lambda: c)``. At run
   time, if the first two operands are processes the whole chain becomes
   ``Seq(a, b, c)`` (``Seq(c, b, a)`` for ``<``); otherwise it is the plain
   Python comparison, operands still evaluated lazily and in order, so
   ``1 < x < 10`` keeps its meaning. Chains whose operands contain ``yield``,
   ``await``, ``:=`` or ``super()`` (which cannot move into a lambda), chains
   of mixed operators and chains written directly in a class body are left
   alone.

2. Bare process statements. An expression statement outside any function
   or class body becomes ``__csp_shell__.autorun(value)``: a process or
   term is started and its result takes its place (the console then shows
   it); any other value is returned unchanged.
"""

from __future__ import annotations
import __future__

import ast
import operator
from typing import Any, Callable

from csp import Par, Process, Seq

__all__ = ["RUNTIME_NAME", "ShellRuntime", "RUNTIME", "rewrite", "compile_rewritten"]

RUNTIME_NAME = "__csp_shell__"
"""The name under which rewritten code finds :data:`RUNTIME` in its globals."""


class ShellRuntime:
    """What rewritten code calls: :meth:`chain` and :meth:`autorun`."""

    def chain(self, op: str, *thunks: Callable[[], Any]) -> Any:
        """Evaluate ``thunks[0]() op thunks[1]() op ...``: ``Seq`` for processes, else Python's chain."""
        if op not in (">", "<") or len(thunks) < 2:
            raise ValueError(f"chain({op!r}, ...) needs '>' or '<' and at least two operands")
        left, right = thunks[0](), thunks[1]()
        if isinstance(left, Process) and isinstance(right, Process):
            procs = [left, right] + [t() for t in thunks[2:]]
            if op == "<":
                procs.reverse()
            return Seq(*procs)
        compare = operator.gt if op == ">" else operator.lt
        i = 1
        while True:
            result = compare(left, right)
            if i == len(thunks) - 1 or not result:
                return result
            i += 1
            left, right = right, thunks[i]()

    def autorun(self, value: Any) -> Any:
        """Run ``value`` if it is a process or term and return its result; else return ``value``.

        A ``Par`` or ``Seq`` whose processes all returned ``None`` gives
        ``None`` (nothing to show). Ctrl-C cancels the run and raises
        ``KeyboardInterrupt`` naming what was cancelled.
        """
        if not isinstance(value, Process):
            return value
        try:
            result = value.start()
        except KeyboardInterrupt:
            raise KeyboardInterrupt(f"cancelled {value!r}") from None
        if isinstance(value, (Par, Seq)) and isinstance(result, list) and all(r is None for r in result):
            return None
        return result


RUNTIME = ShellRuntime()


def _moves_into_lambda(node: ast.AST) -> bool:
    """True if ``node`` can be wrapped in ``lambda: node`` without changing its meaning."""
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Yield, ast.YieldFrom, ast.Await, ast.NamedExpr)):
            return False
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Name)
            and sub.func.id == "super"
            and not sub.args
        ):
            return False
    return True


def _runtime_attr(name: str, like: ast.AST) -> ast.Attribute:
    return ast.copy_location(
        ast.Attribute(value=ast.Name(id=RUNTIME_NAME, ctx=ast.Load()), attr=name, ctx=ast.Load()), like
    )


class _Rewriter(ast.NodeTransformer):
    """Applies both rewrites; tracks whether it is inside a function or a class body."""

    def __init__(self) -> None:
        self.in_function = 0
        self.in_class_body = 0

    # -- scopes -----------------------------------------------------------

    def _function(self, node: ast.AST) -> ast.AST:
        self.in_function += 1
        saved, self.in_class_body = self.in_class_body, 0
        try:
            return self.generic_visit(node)
        finally:
            self.in_function -= 1
            self.in_class_body = saved

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        # Decorators, bases and keywords are evaluated in the enclosing scope.
        node.decorator_list = [self.visit(d) for d in node.decorator_list]
        node.bases = [self.visit(b) for b in node.bases]
        node.keywords = [self.visit(k) for k in node.keywords]
        self.in_class_body += 1
        self.in_function += 1  # no autorun inside a class body either
        try:
            node.body = [self.visit(stmt) for stmt in node.body]
        finally:
            self.in_class_body -= 1
            self.in_function -= 1
        return node

    # -- the rewrites -----------------------------------------------------

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) < 2 or self.in_class_body:
            return node
        if all(isinstance(o, ast.Gt) for o in node.ops):
            op = ">"
        elif all(isinstance(o, ast.Lt) for o in node.ops):
            op = "<"
        else:
            return node
        operands = [node.left, *node.comparators]
        if not all(_moves_into_lambda(x) for x in operands):
            return node
        thunks = [
            ast.copy_location(ast.Lambda(args=_no_args(), body=x), x) for x in operands
        ]
        call = ast.Call(func=_runtime_attr("chain", node), args=[ast.Constant(op), *thunks], keywords=[])
        return ast.copy_location(call, node)

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        self.generic_visit(node)
        if self.in_function:
            return node
        if isinstance(node.value, ast.Constant):
            return node  # docstrings and bare literals: nothing to run
        call = ast.Call(func=_runtime_attr("autorun", node.value), args=[node.value], keywords=[])
        node.value = ast.copy_location(call, node.value)
        return node


def _no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])


def rewrite(tree: ast.AST) -> ast.AST:
    """Apply the chained-comparison and bare-process rewrites to ``tree`` (in place) and return it."""
    tree = _Rewriter().visit(tree)
    return ast.fix_missing_locations(tree)


_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag


def compile_rewritten(source: str, filename: str, mode: str, flags: int = 0) -> Any:
    """Compile ``source`` like :func:`compile`, with the shell's rewrites applied.

    ``mode`` is ``"exec"`` (a script) or ``"single"`` (one console input);
    ``flags`` may carry ``__future__`` compiler flags, the others are ignored.
    """
    flags &= _FUTURE_FLAGS
    tree = compile(source, filename, mode, flags | ast.PyCF_ONLY_AST, dont_inherit=True)
    return compile(rewrite(tree), filename, mode, flags, dont_inherit=True)
