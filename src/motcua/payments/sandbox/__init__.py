"""A local stand-in for the payment gateways, run as its own small process (stdlib only, no Django):

    python -m motcua.payments.sandbox --port 8765

It plays the gateway's side of VNPay 2.1.0 (payment page, signed redirect to vnp_ReturnUrl, IPN call to the
merchant, querydr API) and of the DVCQG payment platform (INIT, payment page, CONFIRM call, QUERY). Its
signing code is written apart from the merchant's (`payments/gateways/`) so each checks the other.
Never exposed beyond the developer's machine: it pays whatever it is asked to.
"""
