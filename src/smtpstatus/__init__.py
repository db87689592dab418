"""SMTP status codes, generated from the Aspose.Email reference, and tools for SMTP replies."""

from smtpstatus._generated.aspose_email_clients_smtp import SmtpStatusCode

__all__ = ["SmtpStatusCode"]
